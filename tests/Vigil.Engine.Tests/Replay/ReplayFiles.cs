using System.IO.Compression;
using System.Text;
using Vigil.Core.Market;
using Vigil.Engine.Sources;

namespace Vigil.Engine.Tests.Replay;

/// <summary>A temporary folder for replay files written by a test, deleted afterwards.</summary>
internal sealed class ReplayFiles : IDisposable
{
    public ReplayFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "vigil-replay-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>Writes <paramref name="content"/> as UTF-8 (no BOM) to <paramref name="name"/>, gzipped when asked.</summary>
    public string Write(string name, string content, bool gzip = false)
    {
        var path = Path.Combine(Folder, name);
        var bytes = Encoding.UTF8.GetBytes(content);
        File.WriteAllBytes(path, gzip ? Gzip(bytes) : bytes);
        return path;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>Reads a source to its end with a buffer of <paramref name="bufferLength"/> ticks.</summary>
    public static async Task<List<Tick>> ReadAllAsync(ITickSource source, int bufferLength = 4096)
    {
        var buffer = new Tick[bufferLength];
        var ticks = new List<Tick>();
        int n;
        while ((n = await source.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                ticks.Add(buffer[i]);
            }
        }

        return ticks;
    }

    /// <summary>Ticks as comparable tuples (bid and ask NaN compare equal).</summary>
    public static List<(int Id, long TimestampNs, double Price, double Volume, double Bid, double Ask)> Rows(IEnumerable<Tick> ticks)
    {
        var rows = new List<(int, long, double, double, double, double)>();
        foreach (var t in ticks)
        {
            rows.Add((t.Instrument.Value, t.TimestampNs, t.Price, t.Volume, t.Bid, t.Ask));
        }

        return rows;
    }

    /// <summary>Nanoseconds since the epoch of a UTC date and time.</summary>
    public static long Ns(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        TimeUnits.FromDateTimeOffset(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero));
}
