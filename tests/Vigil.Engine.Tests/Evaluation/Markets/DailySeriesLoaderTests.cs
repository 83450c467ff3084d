using Vigil.Engine.Evaluation.Markets;

namespace Vigil.Engine.Tests.Evaluation.Markets;

public sealed class DailySeriesLoaderTests
{
    private static DailySeries Read(string text, string? column = null, DateOnly? from = null, DateOnly? to = null) =>
        DailySeriesLoader.Read(new StringReader(text), "test", column, from: from, to: to);

    [Fact]
    public void Malformed_rows_are_rejected_with_a_counted_reason_and_the_valid_ones_kept()
    {
        var series = Read(
            "DATE,VALUE\n" +
            "2001-01-02,1.5\n" +
            "2001-01-03,.\n" + // FRED's missing value
            "2001-01-04,\n" + // empty value
            "2001-13-05,2.0\n" + // no such month
            "yesterday,2.0\n" +
            "2001-01-08,abc\n" +
            "2001-01-09,NaN\n" +
            "2001-01-10\n" + // no value field
            "2001-01-02,9.9\n" + // repeats a date: the first is kept
            "2001-01-11,2.5\n");

        Assert.Equal([new DateOnly(2001, 1, 2), new DateOnly(2001, 1, 11)], series.Dates);
        Assert.Equal([1.5, 2.5], series.Values);
        Assert.Equal(2, series.Rejections[DailyRowRejection.MissingValue]);
        Assert.Equal(2, series.Rejections[DailyRowRejection.BadDate]);
        Assert.Equal(2, series.Rejections[DailyRowRejection.BadValue]);
        Assert.Equal(1, series.Rejections[DailyRowRejection.WrongFieldCount]);
        Assert.Equal(1, series.Rejections[DailyRowRejection.DuplicateDate]);
        Assert.Equal(6, series.MalformedRows);
    }

    [Theory]
    [InlineData("1999-01-08")]
    [InlineData("1999/1/8")]
    [InlineData("1/8/1999")]
    [InlineData("19990108")]
    public void Each_accepted_date_format_reads_the_same_day(string date)
    {
        var series = Read($"DATE,CISS\n{date},0.0846\n");
        Assert.Equal([new DateOnly(1999, 1, 8)], series.Dates);
        Assert.Equal(0.0846, series.Values[0]);
    }

    [Fact]
    public void A_named_column_of_a_wide_file_is_read_and_rows_are_sorted_by_date()
    {
        var series = Read(
            "\uFEFFData,Japan,United Kingdom\n" +
            "1971-01-05,357.81,0.4176\n" +
            "1971-01-04,357.73,0.4177\n" +
            "1971-01-06,357.86,\n",
            column: "united kingdom");
        Assert.Equal([new DateOnly(1971, 1, 4), new DateOnly(1971, 1, 5)], series.Dates);
        Assert.Equal([0.4177, 0.4176], series.Values);
        Assert.True(series.TryGet(new DateOnly(1971, 1, 5), out var value));
        Assert.Equal(0.4176, value);
        Assert.False(series.TryGet(new DateOnly(1971, 1, 6), out _));
    }

    [Fact]
    public void Rows_outside_the_range_are_counted_apart_from_malformed_ones()
    {
        var series = Read("date,v\n2006-12-29,1\n2007-01-02,2\n", to: new DateOnly(2006, 12, 31));
        Assert.Single(series.Dates);
        Assert.Equal(1, series.Rejections[DailyRowRejection.OutOfRange]);
        Assert.Equal(0, series.MalformedRows);
    }

    [Fact]
    public void A_missing_column_or_an_empty_file_is_an_error_that_says_so()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("date,v\n2006-12-29,1\n", column: "CLOSE"));
        Assert.Contains("no column 'CLOSE'", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => Read(string.Empty));
    }
}

public sealed class SeriesCorrelationTests
{
    // Reference values from Python's statistics.correlation (3.12) on the same samples; the Spearman one on the
    // average ranks of y (1, 3, 4, 2, 5.5, 5.5).
    private static readonly double[] X = [1, 2, 3, 4, 5, 6];
    private static readonly double[] Y = [2, 4, 7, 3, 9, 9];

    [Fact]
    public void Pearson_matches_the_reference() => Assert.Equal(0.7991444116957002, SeriesCorrelation.Pearson(X, Y), 14);

    [Fact]
    public void Spearman_ranks_ties_by_their_average_and_matches_the_reference()
    {
        Assert.Equal([1, 3, 4, 2, 5.5, 5.5], SeriesCorrelation.Ranks(Y));
        Assert.Equal(0.8116794499134278, SeriesCorrelation.Spearman(X, Y), 14);
    }

    [Fact]
    public void A_constant_sample_has_no_correlation() => Assert.True(double.IsNaN(SeriesCorrelation.Pearson(X, [1, 1, 1, 1, 1, 1])));
}
