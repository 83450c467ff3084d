using Vigil.Core.Instruments;
using Vigil.Engine.Replay;
using static Vigil.Engine.Tests.Replay.ReplayFiles;

namespace Vigil.Engine.Tests.Replay;

public sealed class SeriesFormatTests : IDisposable
{
    private readonly ReplayFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Fred_series_is_named_after_the_file_with_dots_counted_as_missing()
    {
        var path = _files.Write("BAMLC0A2CAAEY.csv", """
            DATE,BAMLC0A2CAAEY
            1996-12-31,6.82
            1997-01-01,.
            1997-01-02,6.92
            """);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReadAllAsync(source);

        Assert.Equal(ReplayFormat.Fred, source.Format);
        var instrument = Assert.Single(source.Registry.All);
        Assert.Equal("BAMLC0A2CAAEY", instrument.Symbol);
        Assert.Equal(ValueKind.Level, instrument.ValueKind);
        Assert.Equal([(Ns(1996, 12, 31), 6.82), (Ns(1997, 1, 2), 6.92)], ticks.Select(t => (t.TimestampNs, t.Price)));
        Assert.Equal(3, source.Summary.RowsRead);
        Assert.Equal(1, source.Summary.MissingValues);
        Assert.Equal(0, source.Summary.Rejections);
    }

    [Fact]
    public async Task Fred_levels_may_be_negative_and_the_symbol_option_renames_the_series()
    {
        var path = _files.Write("T10Y2Y.csv", "observation_date,T10Y2Y\n2006-01-03,0.12\n2006-01-04,-0.04\n");

        await using var source = ReplaySource.Open(path, new ReplayOptions { Symbol = "UST2s10s" });
        var ticks = await ReadAllAsync(source);

        Assert.Equal("UST2s10s", Assert.Single(source.Registry.All).Symbol);
        Assert.Equal([0.12, -0.04], ticks.Select(t => t.Price));
    }

    [Fact]
    public async Task Fred_series_of_a_default_universe_symbol_gets_its_metadata()
    {
        var path = _files.Write("VIXCLS.csv", "DATE,VALUE\n1990-01-02,17.24\n");

        await using var source = ReplaySource.Open(path, new ReplayOptions { Symbol = "VIX" });
        var tick = Assert.Single(await ReadAllAsync(source));

        Assert.Equal(AssetClass.Volatility, source.Registry.All[0].AssetClass);
        Assert.Equal(ValueKind.Price, source.Registry.All[0].ValueKind);
        Assert.Equal((Ns(1990, 1, 2), 17.24), (tick.TimestampNs, tick.Price));
    }

    [Fact]
    public async Task Yahoo_emits_the_adjusted_close_and_volume_and_counts_null_rows_as_missing()
    {
        var path = _files.Write("BTC-USD.csv", """
            Date,Open,High,Low,Close,Adj Close,Volume
            2014-09-17,465.864014,468.174011,452.421997,457.334015,457.000000,21056800
            2014-09-18,null,null,null,null,null,null
            2014-09-19,424.102997,427.834991,384.532013,394.795990,394.500000,37919700
            """);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReadAllAsync(source);

        Assert.Equal(ReplayFormat.Yahoo, source.Format);
        Assert.Equal("BTC-USD", Assert.Single(source.Registry.All).Symbol);
        Assert.Equal(
            [(Ns(2014, 9, 17), 457.0, 21056800.0), (Ns(2014, 9, 19), 394.5, 37919700.0)],
            ticks.Select(t => (t.TimestampNs, t.Price, t.Volume)));
        Assert.Equal(1, source.Summary.MissingValues);
        Assert.Equal(0, source.Summary.Rejections);
    }

    [Fact]
    public async Task Bars_without_an_adjusted_close_use_the_close()
    {
        var path = _files.Write("DOW.csv", "date,open,close,volume\n1992-01-02,3152.1001,3172.3999,23550000\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var tick = Assert.Single(await ReadAllAsync(source));

        Assert.Equal(ReplayFormat.Yahoo, source.Format);
        Assert.Equal((3172.3999, 23550000.0), (tick.Price, tick.Volume));
    }

    [Fact]
    public async Task Minute_bars_with_fractional_seconds_keep_their_time_of_day()
    {
        var path = _files.Write("btc-perp.csv", """
            timestamp,open,high,low,close,volume
            2021-12-31 23:01:00.000000,46319.0,46385.0,46319.0,46377.0,2300413.7295
            2021-12-31 23:02:00.000000,46377.0,46411.0,46377.0,46411.0,1829623.1938
            """);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReadAllAsync(source);

        Assert.Equal([Ns(2021, 12, 31, 23, 1), Ns(2021, 12, 31, 23, 2)], ticks.Select(t => t.TimestampNs));
        Assert.Equal(1829623.1938, ticks[1].Volume);
    }

    [Fact]
    public async Task Nab_series_parses_date_times_and_rejects_a_repeated_hour_as_a_duplicate()
    {
        var path = _files.Write("machine_temperature.csv", """
            timestamp,value
            2013-11-03 00:55:00,10844
            2013-11-03 01:00:00,10900.5
            2013-11-03 01:00:00,10901
            2013-11-03 01:05:00,-3
            """);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReadAllAsync(source);

        Assert.Equal(ReplayFormat.Nab, source.Format);
        Assert.Equal("machine_temperature", source.Registry.All[0].Symbol);
        Assert.Equal(
            [(Ns(2013, 11, 3, 0, 55), 10844.0), (Ns(2013, 11, 3, 1, 0), 10900.5), (Ns(2013, 11, 3, 1, 5), -3.0)],
            ticks.Select(t => (t.TimestampNs, t.Price)));
        var rejection = Assert.Single(source.Summary.Samples);
        Assert.Equal((4L, RejectReason.DuplicateTimestamp, "2013-11-03 01:00:00"), (rejection.LineNumber, rejection.Reason, rejection.Text));
    }

    [Fact]
    public async Task Wide_file_makes_one_instrument_per_column_and_skips_empty_cells()
    {
        var path = _files.Write("wide.csv", """
            Date,VIX,Credit spread,Euro
            2000-01-03,24.21,0.54,
            2000-01-04,,0.60,1.0309
            2000-01-05,26.41,-0.05,1.0335
            """);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReadAllAsync(source);

        Assert.Equal(ReplayFormat.Wide, source.Format);
        Assert.Equal(["VIX", "Credit spread", "Euro"], source.Registry.All.Select(i => i.Symbol));
        Assert.Equal(AssetClass.Volatility, source.Registry.All[0].AssetClass);
        Assert.Equal(ValueKind.Level, source.Registry.All[1].ValueKind);
        Assert.Equal(
            [
                (0, Ns(2000, 1, 3), 24.21), (1, Ns(2000, 1, 3), 0.54),
                (1, Ns(2000, 1, 4), 0.60), (2, Ns(2000, 1, 4), 1.0309),
                (0, Ns(2000, 1, 5), 26.41), (1, Ns(2000, 1, 5), -0.05), (2, Ns(2000, 1, 5), 1.0335),
            ],
            ticks.Select(t => (t.Instrument.Value, t.TimestampNs, t.Price)));
        Assert.Equal(2, source.Summary.MissingValues);
    }

    [Fact]
    public async Task Wide_columns_can_be_renamed_and_an_oddly_named_date_column_is_found_from_the_data()
    {
        var path = _files.Write("fx.csv", "Data,Euro,Japan\n1999-01-04,1.1812,112.15\n");
        var options = new ReplayOptions { ColumnSymbols = new Dictionary<string, string> { ["euro"] = "EURUSD" } };

        await using var source = ReplaySource.Open(path, options);
        var ticks = await ReadAllAsync(source);

        Assert.Equal(["EURUSD", "Japan"], source.Registry.All.Select(i => i.Symbol));
        Assert.Equal(AssetClass.Fx, source.Registry.All[0].AssetClass);
        Assert.Equal([(0, 1.1812), (1, 112.15)], ticks.Select(t => (t.Instrument.Value, t.Price)));
        Assert.All(ticks, t => Assert.Equal(Ns(1999, 1, 4), t.TimestampNs));
    }

    [Fact]
    public async Task A_bad_cell_in_a_wide_row_is_rejected_alone()
    {
        var path = _files.Write("wide.csv", "Date,A,B,C\n2000-01-03,1,x,3\n2000-01-04,4,5,6\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReadAllAsync(source);

        Assert.Equal([(0, 1.0), (2, 3.0), (0, 4.0), (1, 5.0), (2, 6.0)], ticks.Select(t => (t.Instrument.Value, t.Price)));
        var rejection = Assert.Single(source.Summary.Samples);
        Assert.Equal((2L, RejectReason.BadNumber, "B", "x"), (rejection.LineNumber, rejection.Reason, rejection.Column, rejection.Text));
    }

    [Theory]
    [InlineData("1999/1/8", 1999, 1, 8)]
    [InlineData("01/03/2006", 2006, 1, 3)]
    [InlineData("1833-01", 1833, 1, 1)]
    [InlineData("2014-07-01T00:00:00Z", 2014, 7, 1)]
    public async Task Daily_date_styles_become_midnight_utc(string date, int year, int month, int day)
    {
        var path = _files.Write("series.csv", $"DATE,VALUE\n{date},1.5\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var tick = Assert.Single(await ReadAllAsync(source));

        Assert.Equal(Ns(year, month, day), tick.TimestampNs);
    }
}
