using Vigil.Core.Validation;

namespace Vigil.Detection.Ensemble;

/// <summary>
/// Combines detectors into one composite score once per market step. Each detector's raw value is calibrated
/// against that detector's own history (<see cref="TailCalibrator"/>), so scores are comparable; the composite is
/// the weighted mean of the calibrated scores over the detectors that are ready, in [0, 1], and each detector's
/// contribution is its share of that mean, so contributions add up to the composite and say why it is high.
/// A <see cref="EnsembleMember.Confirming"/> detector counts only when its score is above the mean of the primary
/// detectors, so it can lift the composite and never lower it; readiness depends on the primary detectors alone.
/// </summary>
public sealed class DetectorEnsemble
{
    private readonly EnsembleMember[] _members;
    private readonly TailCalibrator[] _calibrators;
    private readonly double[] _raw;
    private readonly double[] _scores;
    private readonly double[] _contributions;
    private readonly bool[] _counted;
    private readonly double _totalPrimaryWeight;

    /// <summary>Creates an ensemble.</summary>
    /// <param name="members">The detectors and their weights; names unique, at least one positive weight.</param>
    /// <param name="calibration">How each detector is calibrated; defaults when null.</param>
    public DetectorEnsemble(IReadOnlyList<EnsembleMember> members, TailCalibratorOptions? calibration = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        var errors = new OptionErrors();
        foreach (var error in Validate(members))
        {
            errors.Require(false, error);
        }

        if (calibration is not null)
        {
            errors.AddNested("Calibration", calibration.Validate());
        }

        errors.ThrowIfAny("ensemble");
        _members = [.. members];
        _calibrators = new TailCalibrator[_members.Length];
        for (var i = 0; i < _calibrators.Length; i++)
        {
            _calibrators[i] = new TailCalibrator(calibration);
        }

        _raw = new double[_members.Length];
        _scores = new double[_members.Length];
        _contributions = new double[_members.Length];
        _counted = new bool[_members.Length];
        foreach (var member in _members)
        {
            if (!member.Confirming)
            {
                _totalPrimaryWeight += member.Weight;
            }
        }

        Array.Fill(_raw, double.NaN);
    }

    /// <summary>Every problem with <paramref name="members"/>: duplicate names, weights that are negative or not finite, no positive weight on a primary detector.</summary>
    /// <param name="members">The detectors and their weights.</param>
    public static IReadOnlyList<string> Validate(IReadOnlyList<EnsembleMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var errors = new OptionErrors();
        var names = new HashSet<string>(StringComparer.Ordinal);
        double total = 0;
        foreach (var member in members)
        {
            errors.Require(names.Add(member.Name), $"detector '{member.Name}' appears twice");
            errors.Require(double.IsFinite(member.Weight) && member.Weight >= 0, $"weight of '{member.Name}' must be finite and non-negative (got {member.Weight})");
            total += member.Confirming ? 0 : member.Weight;
        }

        errors.Require(total > 0, "at least one primary (not confirming) detector must have a positive weight");
        return errors.Errors;
    }

    /// <summary>The detectors, in the order their values are given.</summary>
    public IReadOnlyList<EnsembleMember> Members => _members;

    /// <summary>The composite score of the latest step, in [0, 1]; 0 until <see cref="IsReady"/>.</summary>
    public double Composite { get; private set; }

    /// <summary>Whether primary detectors holding at least half of the primary weight give calibrated scores.</summary>
    public bool IsReady { get; private set; }

    /// <summary>The raw values of the latest step, one per member (NaN for a detector that was not ready).</summary>
    public ReadOnlySpan<double> RawValues => _raw;

    /// <summary>The calibrated scores of the latest step, in [0, 1], one per member.</summary>
    public ReadOnlySpan<double> Scores => _scores;

    /// <summary>Each member's share of the composite; they add up to <see cref="Composite"/>.</summary>
    public ReadOnlySpan<double> Contributions => _contributions;

    /// <summary>Calibrates one step's raw values and recomputes the composite.</summary>
    /// <param name="raw">One raw value per member, in member order; NaN for a detector that is not ready.</param>
    /// <param name="learn">
    /// Whether the values join the calibration histories. Hosts pass false while a warning is open, so a crisis is
    /// not learnt as normal and the next one is judged against calm history rather than the last crisis.
    /// </param>
    public void Update(ReadOnlySpan<double> raw, bool learn = true)
    {
        if (raw.Length != _members.Length)
        {
            ThrowLength(raw.Length);
        }

        double readyWeight = 0, weighted = 0;
        for (var i = 0; i < _members.Length; i++)
        {
            _raw[i] = raw[i];
            var calibrator = _calibrators[i];
            // Readiness before this value joins the history: a value scored against too short a history scores 0
            // and must not count as a calibrated score of 0.
            _counted[i] = calibrator.IsReady && !double.IsNaN(raw[i]);
            _scores[i] = learn ? calibrator.Calibrate(raw[i]) : calibrator.Score(raw[i]);
            if (_counted[i] && !_members[i].Confirming)
            {
                readyWeight += _members[i].Weight;
                weighted += _members[i].Weight * _scores[i];
            }
        }

        IsReady = readyWeight >= 0.5 * _totalPrimaryWeight;
        if (IsReady)
        {
            // Confirming detectors join only above the primary mean: each one that joins raises the mean, and the
            // decision does not depend on the order they are looked at.
            var primaryMean = weighted / readyWeight;
            for (var i = 0; i < _members.Length; i++)
            {
                if (_members[i].Confirming && _counted[i])
                {
                    _counted[i] = _scores[i] > primaryMean;
                    if (_counted[i])
                    {
                        readyWeight += _members[i].Weight;
                        weighted += _members[i].Weight * _scores[i];
                    }
                }
            }
        }

        Composite = IsReady && readyWeight > 0 ? weighted / readyWeight : 0.0;
        for (var i = 0; i < _members.Length; i++)
        {
            _contributions[i] = IsReady && _counted[i] ? _members[i].Weight * _scores[i] / readyWeight : 0.0;
        }
    }

    /// <summary>The index of the member named <paramref name="name"/>, or −1.</summary>
    /// <param name="name">The detector's name.</param>
    public int IndexOf(string name)
    {
        for (var i = 0; i < _members.Length; i++)
        {
            if (_members[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Every detector's calibration history, for a new ensemble to start from.</summary>
    public EnsembleCalibration ExportCalibration()
    {
        var detectors = new List<DetectorCalibration>(_members.Length);
        for (var i = 0; i < _members.Length; i++)
        {
            detectors.Add(new DetectorCalibration(_members[i].Name, _calibrators[i].Export()));
        }

        return new EnsembleCalibration(detectors);
    }

    /// <summary>
    /// Starts each detector's calibration from the history of the detector with the same name in
    /// <paramref name="calibration"/>; detectors it does not name keep theirs.
    /// </summary>
    /// <param name="calibration">The saved calibration.</param>
    /// <returns>The names of this ensemble's detectors that <paramref name="calibration"/> does not cover.</returns>
    public IReadOnlyList<string> RestoreCalibration(EnsembleCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var missing = new List<string>();
        for (var i = 0; i < _members.Length; i++)
        {
            var found = false;
            foreach (var saved in calibration.Detectors)
            {
                if (saved.Detector == _members[i].Name)
                {
                    _calibrators[i].Restore(saved.History);
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                missing.Add(_members[i].Name);
            }
        }

        return missing;
    }

    /// <summary>Forgets every calibration history.</summary>
    public void Reset()
    {
        foreach (var calibrator in _calibrators)
        {
            calibrator.Reset();
        }

        Array.Fill(_raw, double.NaN);
        Array.Clear(_scores);
        Array.Clear(_contributions);
        Composite = 0;
        IsReady = false;
    }

    private void ThrowLength(int length) =>
        throw new ArgumentException($"Got {length} raw values for an ensemble of {_members.Length} detectors.", "raw");
}
