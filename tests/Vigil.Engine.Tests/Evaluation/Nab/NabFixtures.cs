using System.Runtime.CompilerServices;
using Vigil.Engine.Evaluation.Nab;

namespace Vigil.Engine.Tests.Evaluation.Nab;

/// <summary>The committed NAB excerpt (MIT, numenta/NAB ea702d75) and small hand-made files.</summary>
internal static class NabFixtures
{
    /// <summary>The fixture folder, laid out like a NAB checkout: data, labels, config, reference.</summary>
    public static string Root { get; } = Path.Combine(ThisDirectory(), "Fixtures");

    public const string NoAnomalies = "artificialNoAnomaly/art_noisy.csv";
    public const string FourWindows = "realAdExchange/exchange-4_cpm_results.csv";
    public const string RepeatedTimestamp = "realAdExchange/exchange-2_cpc_results.csv";
    public const string LongerThanWindow = "realKnownCause/ambient_temperature_system_failure.csv";

    /// <summary>A file of one-minute rows starting 2020-01-01 00:00 UTC.</summary>
    public static NabDataFile MinuteFile(string path, int rows, params (int Start, int End)[] windowRows)
    {
        var timestamps = new long[rows];
        var values = new double[rows];
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < rows; i++)
        {
            timestamps[i] = (start.AddMinutes(i).Ticks - DateTime.UnixEpoch.Ticks) * 100;
        }

        var windows = new NabWindow[windowRows.Length];
        for (var w = 0; w < windowRows.Length; w++)
        {
            var (s, e) = windowRows[w];
            windows[w] = new NabWindow(timestamps[s], timestamps[e], s, e);
        }

        return new NabDataFile(path, timestamps, values, windows);
    }

    /// <summary>Scores that are 0 everywhere but 1 on the given rows.</summary>
    public static double[] DetectionsAt(int rows, params int[] detected)
    {
        var scores = new double[rows];
        foreach (var i in detected)
        {
            scores[i] = 1.0;
        }

        return scores;
    }

    private static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
