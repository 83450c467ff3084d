using System.Globalization;
using System.IO.Compression;
using System.Text;
using Vigil.Core.Market;
using Vigil.Engine.Simulation;

namespace Vigil.Cli.Tests.Support;

/// <summary>What <see cref="MarketFiles.WriteLong"/> wrote.</summary>
/// <param name="Path">The file.</param>
/// <param name="Rows">Data rows (one tick each).</param>
/// <param name="Steps">Distinct timestamps (market snapshots).</param>
/// <param name="FirstMs">The first row's timestamp, in Unix milliseconds.</param>
/// <param name="LastMs">The last row's timestamp, in Unix milliseconds.</param>
/// <param name="ScenarioStartMs">When the preset was switched on, in Unix milliseconds; null without a preset.</param>
/// <param name="Symbols">The instruments, in file order.</param>
internal sealed record LongFile(string Path, int Rows, int Steps, long FirstMs, long LastMs, long? ScenarioStartMs, IReadOnlyList<string> Symbols);

/// <summary>Writes input files for the commands: ticks from the simulator, single series, labels.</summary>
internal static class MarketFiles
{
    /// <summary>The simulator's first timestamp, in Unix milliseconds.</summary>
    public const long StartMs = SimulatorOptions.DefaultStartTimestampNs / 1_000_000;

    /// <summary>
    /// Writes the simulator's market as a long tick file (<c>ts_ms,symbol,price,volume</c>), gzip when the path ends
    /// in <c>.gz</c>: the same ticks <c>vigil simulate</c> feeds the engine for the same arguments, with every value
    /// written so that it reads back as the same double.
    /// </summary>
    public static LongFile WriteLong(string path, double minutes, string? preset = null, double calmMinutes = 0, ulong seed = 42)
    {
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = seed });
        StressScenario? scenario = null;
        if (preset is not null)
        {
            Assert.True(CrisisPresets.TryGet(preset, out scenario));
        }

        var source = new SimulatorTickSource(simulator, TimeSpan.FromMinutes(minutes), scenario, TimeSpan.FromMinutes(calmMinutes));
        var symbols = Enumerable.Range(0, simulator.InstrumentCount).Select(i => simulator.Registry[new Core.Instruments.InstrumentId(i)].Symbol).ToList();
        var buffer = new Tick[1024];
        var rows = 0;
        var steps = 0;
        var firstMs = long.MinValue;
        var lastMs = long.MinValue;
        using (var file = System.IO.File.Create(path))
        using (var stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionLevel.Fastest) : (Stream)file)
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            writer.WriteLine("ts_ms,symbol,price,volume");
            int n;
            while ((n = source.ReadAsync(buffer).AsTask().GetAwaiter().GetResult()) > 0)
            {
                foreach (var tick in buffer.AsSpan(0, n))
                {
                    Assert.Equal(0, tick.TimestampNs % 1_000_000);
                    var ms = tick.TimestampNs / 1_000_000;
                    if (ms != lastMs)
                    {
                        steps++;
                        lastMs = ms;
                    }

                    if (firstMs == long.MinValue)
                    {
                        firstMs = ms;
                    }

                    writer.Write(ms.ToString(CultureInfo.InvariantCulture));
                    writer.Write(',');
                    writer.Write(symbols[tick.Instrument.Value]);
                    writer.Write(',');
                    writer.Write(tick.Price.ToString("R", CultureInfo.InvariantCulture));
                    writer.Write(',');
                    writer.WriteLine(tick.Volume.ToString("R", CultureInfo.InvariantCulture));
                    rows++;
                }
            }
        }

        long? scenarioMs = preset is null ? null : StartMs + (long)(calmMinutes * 60_000);
        return new LongFile(path, rows, steps, firstMs, lastMs, scenarioMs, symbols);
    }

    /// <summary>Reads a text file, gzip or not, as lines.</summary>
    public static List<string> ReadLines(string path)
    {
        using var file = System.IO.File.OpenRead(path);
        using var stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>
    /// Writes a FRED-style daily series (<c>DATE,VALUE</c>) of <paramref name="days"/> weekdays of a slowly wandering
    /// level with FRED's <c>.</c> for a missing value every <paramref name="missingEvery"/> rows, and returns how many
    /// values are present.
    /// </summary>
    public static int WriteFred(string path, int days, int missingEvery = 50)
    {
        var text = new StringBuilder("DATE,VALUE\n");
        var date = new DateOnly(2005, 1, 3);
        var random = new Random(7);
        var level = 4.0;
        var present = 0;
        for (var i = 0; i < days; i++)
        {
            while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                date = date.AddDays(1);
            }

            level += (random.NextDouble() - 0.5) * 0.05;
            if ((i + 1) % missingEvery == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd},.\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd},{level:0.####}\n");
                present++;
            }

            date = date.AddDays(1);
        }

        System.IO.File.WriteAllText(path, text.ToString());
        return present;
    }

    /// <summary>Writes a NAB-style series (<c>timestamp,value</c>, five minutes apart) with a burst in the middle.</summary>
    public static void WriteNabSeries(string path, int rows, DateTime start, int burstAt = -1, int burstLength = 10)
    {
        var text = new StringBuilder("timestamp,value\n");
        var random = new Random(11);
        for (var i = 0; i < rows; i++)
        {
            var value = 50 + (random.NextDouble() * 4);
            if (burstAt >= 0 && i >= burstAt && i < burstAt + burstLength)
            {
                value += 60;
            }

            text.Append(CultureInfo.InvariantCulture, $"{start.AddMinutes(5 * i):yyyy-MM-dd HH:mm:ss},{value:0.###}\n");
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text.ToString());
    }

    /// <summary>Writes an episode labels file with the given episodes (id, type, start and end in Unix milliseconds).</summary>
    public static void WriteLabels(string path, params (int Id, string Type, long StartMs, long EndMs)[] episodes)
    {
        var items = episodes.Select(e =>
            $"{{\"id\": {e.Id}, \"type\": \"{e.Type}\", \"start_ts_ms\": {e.StartMs.ToString(CultureInfo.InvariantCulture)}, \"end_ts_ms\": {e.EndMs.ToString(CultureInfo.InvariantCulture)}}}");
        System.IO.File.WriteAllText(path, $"{{\"generator\": \"Vigil.Cli.Tests\", \"episodes\": [{string.Join(", ", items)}]}}\n");
    }
}
