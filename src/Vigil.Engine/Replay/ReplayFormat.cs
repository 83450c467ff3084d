namespace Vigil.Engine.Replay;

/// <summary>The layout of a replay file.</summary>
public enum ReplayFormat
{
    /// <summary>Detected from the header line.</summary>
    Auto = 0,

    /// <summary>
    /// One row per tick: <c>ts,symbol,price[,volume]</c>, optionally with <c>bid</c> and <c>ask</c> columns. The time
    /// column may be named <c>ts_ms</c>, <c>ts_us</c>, <c>ts_ns</c> or <c>ts_s</c> to fix the epoch unit.
    /// </summary>
    Long,

    /// <summary>One row per date: a date column and one column per series; each column becomes an instrument.</summary>
    Wide,

    /// <summary>A FRED series: <c>DATE,VALUE</c> (the value column is often named after the series id); <c>.</c> is missing.</summary>
    Fred,

    /// <summary>Yahoo-style daily bars: <c>Date,Open,High,Low,Close,Adj Close,Volume</c>; one tick per row at the close.</summary>
    Yahoo,

    /// <summary>A Numenta Anomaly Benchmark series: <c>timestamp,value</c>.</summary>
    Nab,
}
