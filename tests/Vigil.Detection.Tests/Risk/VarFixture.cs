using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Vigil.Detection.Tests.Risk;

/// <summary>The reference values written by scripts/var_reference.py.</summary>
internal static class VarFixture
{
    private static JsonDocument? _document;

    public static JsonElement Root => (_document ??= Load()).RootElement;

    public static double[] Doubles(JsonElement array)
    {
        var values = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            values[i++] = item.GetDouble();
        }

        return values;
    }

    private static JsonDocument Load([CallerFilePath] string callerPath = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerPath)!, "Fixtures", "var_reference.json");
        return JsonDocument.Parse(File.ReadAllBytes(path));
    }
}
