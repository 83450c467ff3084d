using Vigil.Engine.Replay;

namespace Vigil.Engine.Tests.Replay;

public sealed class RejectionTests : IDisposable
{
    // Line numbers count the header as line 1.
    private const string BadRows = """
        ts_ms,symbol,price,volume
        1000,SPX,100,1
        1000,SPX,101,1
        1000,NDX,abc,1
        1000,NDX,NaN,1
        1000,NDX,-5,1
        2000,SPX,102,-1
        500,NDX,100,1
        2000,SPX
        2000,SPX,1,2,3
        20x0,SPX,100,1
        2000,,100,1
        2000,NDX,200,1
        2000,SPX,,1
        2500,SPX,1e999,1
        3000,SPX,103,x
        3000,SPX,103,1
        """;

    private readonly ReplayFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Each_bad_row_is_rejected_with_its_line_and_reason_and_valid_rows_around_it_are_kept()
    {
        var path = _files.Write("bad.csv", BadRows);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReplayFiles.ReadAllAsync(source);

        Assert.Equal(
            [(0, 1_000_000_000L, 100.0), (1, 2_000_000_000L, 200.0), (0, 3_000_000_000L, 103.0)],
            ticks.Select(t => (t.Instrument.Value, t.TimestampNs, t.Price)));
        Assert.Equal(
            [
                (3L, RejectReason.DuplicateTimestamp, "ts_ms", "1000"),
                (4L, RejectReason.BadNumber, "price", "abc"),
                (5L, RejectReason.NotFinite, "price", "NaN"),
                (6L, RejectReason.NonPositivePrice, "price", "-5"),
                (7L, RejectReason.NegativeVolume, "volume", "-1"),
                (8L, RejectReason.OutOfOrder, "ts_ms", "500"),
                (9L, RejectReason.WrongFieldCount, null, "2000,SPX"),
                (10L, RejectReason.WrongFieldCount, null, "2000,SPX,1,2,3"),
                (11L, RejectReason.BadTimestamp, "ts_ms", "20x0"),
                (12L, RejectReason.UnknownSymbol, "symbol", ""),
                (15L, RejectReason.NotFinite, "price", "1e999"),
                (16L, RejectReason.BadNumber, "volume", "x"),
            ],
            source.Summary.Samples.Select(r => (r.LineNumber, r.Reason, r.Column, r.Text)));
        Assert.All(source.Summary.Samples, r => Assert.Equal(path, r.FilePath));
        Assert.Equal(16, source.Summary.RowsRead);
        Assert.Equal(3, source.Summary.TicksEmitted);
        Assert.Equal(1, source.Summary.MissingValues);
        Assert.Equal(12, source.Summary.Rejections);
        Assert.Equal(2, source.Summary.RejectionsFor(RejectReason.WrongFieldCount));
        Assert.Equal(2, source.Summary.RejectionsFor(RejectReason.NotFinite));
        Assert.Equal(1, source.Summary.RejectionsFor(RejectReason.OutOfOrder));
    }

    [Fact]
    public async Task Rejections_are_all_counted_but_only_the_first_few_are_kept()
    {
        var path = _files.Write("bad.csv", BadRows);

        await using var source = ReplaySource.Open(path, new ReplayOptions { MaxRejectionSamples = 2 });
        await ReplayFiles.ReadAllAsync(source);

        Assert.Equal(12, source.Summary.Rejections);
        Assert.Equal([3L, 4L], source.Summary.Samples.Select(r => r.LineNumber));
    }

    [Fact]
    public async Task Strict_mode_throws_file_line_and_reason_for_the_first_bad_row()
    {
        var path = _files.Write("bad.csv", BadRows);

        await using var source = ReplaySource.Open(path, new ReplayOptions { Strict = true });
        var exception = await Assert.ThrowsAsync<ReplayException>(() => ReplayFiles.ReadAllAsync(source));

        Assert.StartsWith($"{path}:3: DuplicateTimestamp", exception.Message, StringComparison.Ordinal);
        Assert.Equal(3, exception.Rejection!.LineNumber);
        Assert.Equal(1, source.Summary.Rejections);
    }

    [Fact]
    public async Task Strict_mode_lets_a_clean_file_through()
    {
        var path = _files.Write("good.csv", "ts_ms,symbol,price\n1000,SPX,1\n1000,NDX,2\n");

        await using var source = ReplaySource.Open(path, new ReplayOptions { Strict = true });

        Assert.Equal(2, (await ReplayFiles.ReadAllAsync(source)).Count);
    }

    [Fact]
    public async Task Missing_values_are_counted_and_never_rejected_even_in_strict_mode()
    {
        var path = _files.Write("DGS10.csv", "DATE,DGS10\n2001-01-01,.\n2001-01-02,5.1\n2001-01-03,\n2001-01-04,NULL\n");

        await using var source = ReplaySource.Open(path, new ReplayOptions { Strict = true });
        var ticks = await ReplayFiles.ReadAllAsync(source);

        Assert.Single(ticks);
        Assert.Equal(3, source.Summary.MissingValues);
        Assert.Equal(0, source.Summary.Rejections);
    }

    [Fact]
    public async Task An_unknown_column_is_rejected_on_the_header_line_and_ignored()
    {
        var path = _files.Write("extra.csv", "ts_ms,symbol,price,venue\n1000,SPX,4500,XNYS\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var tick = Assert.Single(await ReplayFiles.ReadAllAsync(source));

        Assert.Equal(4500, tick.Price);
        var rejection = Assert.Single(source.Summary.Samples);
        Assert.Equal((1L, RejectReason.UnknownColumn, "venue"), (rejection.LineNumber, rejection.Reason, rejection.Column));
    }

    [Fact]
    public void An_unknown_column_in_strict_mode_fails_at_open()
    {
        var path = _files.Write("extra.csv", "ts_ms,symbol,price,venue\n1000,SPX,4500,XNYS\n");

        var exception = Assert.Throws<ReplayException>(() => ReplaySource.Open(path, new ReplayOptions { Strict = true }));

        Assert.StartsWith($"{path}:1: UnknownColumn", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_of_order_rows_of_a_single_series_are_rejected_against_the_last_accepted_row()
    {
        var path = _files.Write("series.csv", "DATE,VALUE\n2001-01-02,1\n2001-01-01,2\n2001-01-02,3\n2001-01-03,4\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReplayFiles.ReadAllAsync(source);

        Assert.Equal([1.0, 4.0], ticks.Select(t => t.Price));
        Assert.Equal(
            [(3L, RejectReason.OutOfOrder), (4L, RejectReason.DuplicateTimestamp)],
            source.Summary.Samples.Select(r => (r.LineNumber, r.Reason)));
    }

    [Fact]
    public async Task A_corrected_repeat_of_a_rejected_row_is_kept()
    {
        var path = _files.Write("ticks.csv", "ts_ms,symbol,price\n1000,SPX,-1\n1000,SPX,4500\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var tick = Assert.Single(await ReplayFiles.ReadAllAsync(source));

        Assert.Equal(4500, tick.Price);
        Assert.Equal(RejectReason.NonPositivePrice, Assert.Single(source.Summary.Samples).Reason);
    }

    [Fact]
    public async Task Long_offending_text_is_cut_to_200_characters()
    {
        var path = _files.Write("ticks.csv", $"ts_ms,symbol,price\n1000,SPX,{new string('9', 300)}x\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        await ReplayFiles.ReadAllAsync(source);

        Assert.Equal(200, Assert.Single(source.Summary.Samples).Text.Length);
    }

    [Fact]
    public async Task Summary_text_names_the_counts_and_the_samples()
    {
        var path = _files.Write("bad.csv", BadRows);

        await using var source = ReplaySource.Open(path, new ReplayOptions { MaxRejectionSamples = 1 });
        await ReplayFiles.ReadAllAsync(source);
        var text = source.Summary.ToString();

        Assert.Contains("16 rows, 3 ticks, 1 missing, 12 rejected", text, StringComparison.Ordinal);
        Assert.Contains("WrongFieldCount 2", text, StringComparison.Ordinal);
        Assert.Contains($"{path}:3: DuplicateTimestamp", text, StringComparison.Ordinal);
    }
}
