using System.Globalization;
using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Replay;

namespace Vigil.Benchmarks;

/// <summary>
/// Replay parsing of a long-format tick file shaped like the benchmark files (18 symbols at 4 Hz,
/// <c>ts_ms,symbol,price,volume</c>), generated in memory so the benchmark needs no data folder. Times are per row and
/// include opening (decompressing once into memory and the symbol scan); <see cref="OpenGzip"/> times opening alone.
/// </summary>
[MemoryDiagnoser]
public class ReplayParsingBenchmarks
{
    private const int Steps = 10_000;
    private const int Rows = Steps * 18;

    private readonly Tick[] _buffer = new Tick[4096];
    private byte[] _plain = [];
    private byte[] _gzip = [];

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("ts_ms,symbol,price,volume\n");
        var random = new Random(42);
        var symbols = DefaultUniverse.Instruments;
        var prices = new double[symbols.Count];
        for (var s = 0; s < prices.Length; s++)
        {
            prices[s] = 10 + (s * 250.5);
        }

        for (var step = 0; step < Steps; step++)
        {
            for (var s = 0; s < symbols.Count; s++)
            {
                prices[s] *= 1 + ((random.NextDouble() - 0.5) / 1000);
                text.Append(CultureInfo.InvariantCulture, $"{1_700_000_000_000L + (step * 250L)},{symbols[s].Symbol},{prices[s]:G8},{random.Next(100, 1000)}\n");
            }
        }

        _plain = Encoding.UTF8.GetBytes(text.ToString());
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(_plain);
        }

        _gzip = compressed.ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public Task<long> Plain() => ReadAllAsync("ticks.csv", _plain);

    [Benchmark(OperationsPerInvoke = Rows)]
    public Task<long> Gzip() => ReadAllAsync("ticks.csv.gz", _gzip);

    /// <summary>Opening alone, per row: decompressing into memory and scanning every row's symbol.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int OpenGzip()
    {
        using var source = new DisposeOnReturn(ReplaySource.Open("ticks.csv.gz", () => new MemoryStream(_gzip, writable: false), ReplayOptions.Default));
        return source.Value.Registry.Count;
    }

    private async Task<long> ReadAllAsync(string name, byte[] bytes)
    {
        await using var source = ReplaySource.Open(name, () => new MemoryStream(bytes, writable: false), ReplayOptions.Default);
        long ticks = 0;
        int n;
        while ((n = await source.ReadAsync(_buffer)) > 0)
        {
            ticks += n;
        }

        return ticks;
    }

    /// <summary>Disposes a source synchronously (it completes at once) when the benchmark returns.</summary>
    private readonly struct DisposeOnReturn(ReplaySource value) : IDisposable
    {
        public ReplaySource Value { get; } = value;

        public void Dispose() => Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
