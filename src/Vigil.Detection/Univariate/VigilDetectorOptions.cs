namespace Vigil.Detection.Univariate;

/// <summary>
/// Settings of <see cref="VigilDetector"/>. One global configuration: the defaults are the ones evaluated on NAB and
/// are meant to be used as they are for every series.
/// </summary>
/// <param name="BucketsPerDay">Time-of-day buckets of the seasonal profile; 24 is one per hour. In [1, 1440].</param>
/// <param name="SplitWeekends">Whether Saturdays and Sundays (UTC) keep a profile of their own.</param>
/// <param name="ProfileHalfLifeDays">How fast the profile forgets, in days of event time; positive.</param>
/// <param name="MinBucketCount">Values a bucket must have seen before its deviations count; at least 1.</param>
/// <param name="DeviationCap">The largest deviation, in bucket standard deviations, one value can contribute; positive.</param>
/// <param name="ProfileSmoothingLength">Seasonal deviations averaged before calibration, in values; at least 1.</param>
/// <param name="WindowLength">Past values the recent-window deviation is measured against; at least 2.</param>
/// <param name="WindowSmoothingLength">Recent-window deviations averaged before calibration, in values; at least 1.</param>
/// <param name="CalibrationLength">Past smoothed deviations each new one is compared with, in values; at least 2.</param>
/// <param name="MinCalibrationCount">Past statistics needed before scoring starts (the warm-up); in [2, <paramref name="CalibrationLength"/>].</param>
/// <param name="AlertProbability">The tail probability at or below which an alert fires (score 0.5 at 1e-5); in (0, 1).</param>
/// <param name="SuppressedProbability">The tail probability alerts are held at while an episode is open; in (<paramref name="AlertProbability"/>, 1).</param>
/// <param name="RearmZ">An episode closes once the calibrated z stays below this; non-negative.</param>
/// <param name="RearmCount">...for this many consecutive values; at least 1.</param>
/// <param name="RangeTolerance">A value beyond the range seen so far by more than this fraction of the range scores 1; non-negative.</param>
public sealed record VigilDetectorOptions(
    int BucketsPerDay = 24,
    bool SplitWeekends = true,
    double ProfileHalfLifeDays = 7.0,
    int MinBucketCount = 3,
    double DeviationCap = 20.0,
    int ProfileSmoothingLength = 5,
    int WindowLength = 1000,
    int WindowSmoothingLength = 20,
    int CalibrationLength = 3000,
    int MinCalibrationCount = 50,
    double AlertProbability = 1e-5,
    double SuppressedProbability = 1e-3,
    double RearmZ = 2.0,
    int RearmCount = 10,
    double RangeTolerance = 0.05)
{
    /// <summary>The defaults.</summary>
    public static VigilDetectorOptions Default { get; } = new();

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BucketsPerDay, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BucketsPerDay, 1440);
        Positive(ProfileHalfLifeDays, nameof(ProfileHalfLifeDays));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinBucketCount, 1);
        Positive(DeviationCap, nameof(DeviationCap));
        ArgumentOutOfRangeException.ThrowIfLessThan(ProfileSmoothingLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowLength, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowSmoothingLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(CalibrationLength, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinCalibrationCount, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinCalibrationCount, CalibrationLength);
        if (!(AlertProbability > 0 && AlertProbability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AlertProbability), AlertProbability, "Must be in (0, 1).");
        }

        if (!(SuppressedProbability > AlertProbability && SuppressedProbability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SuppressedProbability), SuppressedProbability, "Must be in (AlertProbability, 1).");
        }

        if (!(RearmZ >= 0) || double.IsInfinity(RearmZ))
        {
            throw new ArgumentOutOfRangeException(nameof(RearmZ), RearmZ, "Must be finite and non-negative.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(RearmCount, 1);
        if (!(RangeTolerance >= 0) || double.IsInfinity(RangeTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(RangeTolerance), RangeTolerance, "Must be finite and non-negative.");
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be finite and positive.");
        }
    }
}
