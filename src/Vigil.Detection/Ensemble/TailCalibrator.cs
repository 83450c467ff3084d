using Vigil.Core.Statistics;
using Vigil.Core.Validation;

namespace Vigil.Detection.Ensemble;

/// <summary>Options of the <see cref="TailCalibrator"/>.</summary>
/// <param name="WindowLength">How many past raw values are kept; at least 16.</param>
/// <param name="Stride">Keep every Stride-th raw value once <paramref name="MinHistory"/> are held, so the window spans WindowLength × Stride updates; at least 1.</param>
/// <param name="MinHistory">The values needed before calibrated scores are given; from 8 to <paramref name="WindowLength"/>.</param>
public sealed record TailCalibratorOptions(int WindowLength = 2048, int Stride = 4, int MinHistory = 128)
{
    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(WindowLength >= 16, $"WindowLength must be at least 16 (got {WindowLength})");
        errors.Require(Stride >= 1, $"Stride must be at least 1 (got {Stride})");
        errors.Require(MinHistory >= 8 && MinHistory <= WindowLength, $"MinHistory must be in [8, WindowLength] (got {MinHistory})");
        return errors.Errors;
    }
}

/// <summary>
/// Calibrates a detector's raw values against the detector's own rolling history, so that a score means the same
/// thing whichever detector gave it. The score of a raw value x against a history of n values is
/// <c>−ln(p) / ln(W + 1)</c> with <c>p = (#{history ≥ x} + 1) / (n + 1)</c>, the smoothed probability of seeing a
/// value at least as high, and W the <see cref="TailCalibratorOptions.WindowLength"/>: 0 when x is below all
/// history, 1 when x is above all of a full window, ≈ 0.5 for a one-in-√W value. The fixed denominator keeps a score
/// meaning the same tail probability however much history is held, so a short history cannot give full scores
/// (above all of n values scores ln(n + 1) / ln(W + 1)). Each value is scored against the history before it joins it.
/// </summary>
public sealed class TailCalibrator
{
    private readonly TailCalibratorOptions _options;
    private readonly RollingQuantile _history;
    private readonly double _fullWindowLog;
    private long _updates;

    /// <summary>Creates a calibrator with no history.</summary>
    /// <param name="options">The options; defaults when null.</param>
    public TailCalibrator(TailCalibratorOptions? options = null)
    {
        _options = options ?? new TailCalibratorOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(TailCalibratorOptions), _options.Validate());
        errors.ThrowIfAny(nameof(TailCalibratorOptions));
        _history = new RollingQuantile(_options.WindowLength);
        _fullWindowLog = Math.Log(_options.WindowLength + 1.0);
    }

    /// <summary>Whether enough history is held for scores to be given.</summary>
    public bool IsReady => _history.Count >= _options.MinHistory;

    /// <summary>The number of raw values held.</summary>
    public int HistoryCount => _history.Count;

    /// <summary>Scores <paramref name="raw"/> against the history, then adds it to the history.</summary>
    /// <param name="raw">The detector's raw value; NaN is neither scored nor kept.</param>
    /// <returns>The calibrated score in [0, 1]; 0 while not ready.</returns>
    public double Calibrate(double raw)
    {
        if (double.IsNaN(raw))
        {
            return 0.0;
        }

        var score = Score(raw);
        _updates++;
        if (_history.Count < _options.MinHistory || _updates % _options.Stride == 0)
        {
            _history.Add(raw);
        }

        return score;
    }

    /// <summary>Scores <paramref name="raw"/> against the history without adding it.</summary>
    /// <param name="raw">The raw value.</param>
    /// <returns>The calibrated score in [0, 1]; 0 while not ready or for NaN.</returns>
    public double Score(double raw)
    {
        if (!IsReady || double.IsNaN(raw))
        {
            return 0.0;
        }

        var n = _history.Count;
        var atOrAbove = _history.CountAtOrAbove(raw);
        var tail = (atOrAbove + 1.0) / (n + 1.0);
        return Math.Clamp(-Math.Log(tail) / _fullWindowLog, 0.0, 1.0);
    }

    /// <summary>The history held, oldest first, and the number of values offered so far (which sets the stride's phase).</summary>
    public CalibrationHistory Export()
    {
        var values = new double[_history.Count];
        _history.CopyInArrivalOrderTo(values);
        return new CalibrationHistory(values, _updates);
    }

    /// <summary>
    /// Replaces the history with <paramref name="history"/> (for example one exported by a calibrator trained on calm
    /// data), so scores are calibrated from the first value. Keeps the newest <see cref="TailCalibratorOptions.WindowLength"/>
    /// values when it holds more; NaN values are skipped.
    /// </summary>
    /// <param name="history">The history to start from.</param>
    public void Restore(CalibrationHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(history.Updates, nameof(history));
        _history.Reset();
        var values = history.Values;
        for (var i = Math.Max(0, values.Count - _options.WindowLength); i < values.Count; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                _history.Add(values[i]);
            }
        }

        _updates = history.Updates;
    }

    /// <summary>Forgets the history.</summary>
    public void Reset()
    {
        _history.Reset();
        _updates = 0;
    }
}

/// <summary>A calibrator's history: the raw values it holds, oldest first, and how many it has been offered.</summary>
/// <param name="Values">The raw values held, oldest first.</param>
/// <param name="Updates">The number of raw values offered so far (held or skipped by the stride).</param>
public sealed record CalibrationHistory(IReadOnlyList<double> Values, long Updates);
