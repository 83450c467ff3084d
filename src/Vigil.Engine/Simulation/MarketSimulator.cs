using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Core.Numerics;

namespace Vigil.Engine.Simulation;

/// <summary>
/// A deterministic, correlated multi-asset market: each call to <see cref="NextBatch"/> writes one snapshot, a tick
/// per instrument with a shared event timestamp, and advances event time by 1 / <see cref="TickRateHz"/> seconds.
/// Prices follow geometric Brownian motion, volatility indices and spreads mean-revert in log level, yields move
/// additively; their Gaussian shocks are correlated through the Cholesky factor of the calm correlation matrix,
/// blended towards a one-factor crisis matrix under stress. Stress scenarios (<see cref="StressScenario"/>,
/// <see cref="CrisisPresets"/>) switch on and off at run time and recover smoothly to the baseline. Calm volatility
/// is annualised and accumulates one trading day of variance per <see cref="SimulatorOptions.TradingDayDuration"/>
/// of event time, whatever the tick rate.
/// </summary>
/// <remarks>
/// <para>
/// Threading: one thread (the engine's) calls <see cref="NextBatch"/>. <see cref="Activate"/>,
/// <see cref="Deactivate"/> and the <see cref="TickRateHz"/> setter may be called from any thread: a command is
/// validated on the caller's thread and queued (one slot, swapped with <see cref="Interlocked.Exchange{T}(ref T, T)"/>),
/// and the engine thread applies it at the start of its next batch. When several commands arrive between two
/// batches the latest wins. <see cref="Phase"/>, <see cref="ActiveScenario"/> and <see cref="StressIntensity"/>
/// describe the state as of the last batch.
/// </para>
/// <para>Determinism: the same options and the same commands applied at the same batches give the same ticks, bit for bit.</para>
/// <para>
/// <see cref="NextBatch"/> allocates nothing; for 18 instruments it costs on the order of a microsecond
/// (<c>SimulatorBenchmarks</c> in the benchmarks project).
/// </para>
/// </remarks>
public sealed class MarketSimulator
{
    private const double TradingDaysPerYear = 252.0;
    private const double VolumeNoiseSigma = 0.35;
    private const double SqrtHalfPi = 1.2533141373155002512;

    // A jump in a volatility index or spread fades within a fraction of a trading day instead of lingering for the
    // weeks its level takes to mean-revert, as the VIX's spikes on crash days do.
    private const double JumpHalfLifeDays = 0.1;

    private static readonly Command _deactivate = new(null);

    private readonly int _n;
    private readonly long _startTimestampNs;
    private readonly Xoshiro256 _random;
    private readonly PriceProcess[] _process;
    private readonly StressSegment[] _segment;
    private readonly double[] _baseLevel;
    private readonly double[] _baseTheta;
    private readonly double[] _sigmaPerSqrtSecond;
    private readonly double[] _dailySigma;
    private readonly double[] _kappaPerSecond;
    private readonly double _jumpKappaPerSecond;
    private readonly double[] _volumePerSecond;
    private readonly double[] _loading;
    private readonly double[] _loadingComplement;
    private readonly double[] _calmCorrelation;
    private readonly double[] _calmFactor;

    // Path state: log price (GBM), level (arithmetic) or the deviation of the log level from its target (mean-reverting).
    private readonly double[] _state;

    // The part of a mean-reverting instrument's log level due to recent jumps.
    private readonly double[] _jumpState;

    // Effective parameters of the current step, and the ramp that moves them.
    private readonly double[] _volatilityMultiplier;
    private readonly double[] _correlationWeight;
    private readonly double[] _theta;
    private readonly double[] _fromVolatility;
    private readonly double[] _fromCorrelation;
    private readonly double[] _fromTheta;
    private readonly double[] _toVolatility;
    private readonly double[] _toCorrelation;
    private readonly double[] _toTheta;
    private double _volumeMultiplier = 1.0;
    private double _fromVolume;
    private double _toVolume;
    private double _jumpsPerSecond;
    private double _fromJumps;
    private double _toJumps;
    private double _meanJumpSize;
    private double _intensity;
    private double _fromIntensity;
    private double _toIntensity;
    private bool _anyCorrelationShift;
    private long _rampStartNs;
    private long _rampDurationNs;

    // Scenario schedule and drift.
    private readonly double[] _stepDrift;
    private readonly double[] _accumulatedDrift;
    private ResolvedScenario? _scenario;
    private volatile StressScenario? _activeScenario;
    private volatile StressPhase _phase;
    private long _activationNs;
    private long _phaseStartNs;
    private double _driftProgress;
    private double _recoveryProgress;

    // Scratch for one step.
    private readonly double[] _gaussians;
    private readonly double[] _shocks;

    // Event time.
    private double _tickRateHz;
    private double _appliedTickRateHz;
    private long _intervalNs;
    private double _dtSeconds;
    private double _sqrtDtSeconds;
    private long _lastTimestampNs;
    private bool _started;

    private Command? _pending;

    /// <summary>Creates a simulator in the calm baseline state.</summary>
    /// <param name="options">The configuration; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public MarketSimulator(SimulatorOptions? options = null)
    {
        options ??= new SimulatorOptions();
        options.Validate();
        Options = options;
        Registry = new InstrumentRegistry(options.Instruments);
        _n = Registry.Count;
        _startTimestampNs = options.StartTimestampNs;
        _random = new Xoshiro256(options.Seed);
        _tickRateHz = options.TickRateHz;

        var n = _n;
        _process = new PriceProcess[n];
        _segment = new StressSegment[n];
        _baseLevel = new double[n];
        _baseTheta = new double[n];
        _sigmaPerSqrtSecond = new double[n];
        _dailySigma = new double[n];
        _kappaPerSecond = new double[n];
        _volumePerSecond = new double[n];
        _loading = new double[n];
        _loadingComplement = new double[n];
        _state = new double[n];
        _jumpState = new double[n];
        _volatilityMultiplier = new double[n];
        _correlationWeight = new double[n];
        _theta = new double[n];
        _fromVolatility = new double[n];
        _fromCorrelation = new double[n];
        _fromTheta = new double[n];
        _toVolatility = new double[n];
        _toCorrelation = new double[n];
        _toTheta = new double[n];
        _stepDrift = new double[n];
        _accumulatedDrift = new double[n];
        _gaussians = new double[n];
        _shocks = new double[n];

        var daySeconds = options.TradingDayDuration.TotalSeconds;
        _jumpKappaPerSecond = Math.Log(2.0) / (JumpHalfLifeDays * daySeconds);
        for (var i = 0; i < n; i++)
        {
            var d = options.Dynamics[i];
            _process[i] = d.Process;
            _segment[i] = Registry[new InstrumentId(i)].Segment;
            _baseLevel[i] = d.BaseLevel;
            _sigmaPerSqrtSecond[i] = d.AnnualVolatility / Math.Sqrt(TradingDaysPerYear * daySeconds);
            _dailySigma[i] = d.AnnualVolatility / Math.Sqrt(TradingDaysPerYear);
            _volumePerSecond[i] = d.DailyVolume / daySeconds;
            _loading[i] = d.CrisisLoading;
            _loadingComplement[i] = Math.Sqrt(1.0 - (d.CrisisLoading * d.CrisisLoading));
            if (d.Process == PriceProcess.MeanRevertingLog)
            {
                _baseTheta[i] = Math.Log(d.BaseLevel);
                _kappaPerSecond[i] = Math.Log(2.0) / (d.MeanReversionHalfLifeDays * daySeconds);
            }

            _state[i] = d.Process switch
            {
                PriceProcess.GeometricBrownian => Math.Log(d.BaseLevel),
                PriceProcess.ArithmeticLevel => d.BaseLevel,
                _ => 0.0,
            };
        }

        _calmCorrelation = options.CalmCorrelation.AsSpan().ToArray();
        _calmFactor = new double[n * n];
        Cholesky.TryFactor(_calmCorrelation, n, _calmFactor);
        SetBaseline();
    }

    /// <summary>The configuration this simulator was created with.</summary>
    public SimulatorOptions Options { get; }

    /// <summary>The simulated instruments; tick <c>i</c> of a batch is for the instrument with id <c>i</c>. Do not add to it.</summary>
    public InstrumentRegistry Registry { get; }

    /// <summary>The number of ticks in each batch: one per instrument.</summary>
    public int InstrumentCount => _n;

    /// <summary>
    /// Snapshots per second of event time, in [<see cref="SimulatorOptions.MinTickRateHz"/>,
    /// <see cref="SimulatorOptions.MaxTickRateHz"/>]. Settable from any thread; takes effect from the next batch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the accepted range.</exception>
    public double TickRateHz
    {
        get => Volatile.Read(ref _tickRateHz);
        set
        {
            if (!(value >= SimulatorOptions.MinTickRateHz && value <= SimulatorOptions.MaxTickRateHz))
            {
                ThrowTickRate(value);
            }

            Volatile.Write(ref _tickRateHz, value);
        }
    }

    /// <summary>Event time of the next batch, in nanoseconds since the Unix epoch. Read it on the engine thread.</summary>
    public long TimestampNs => _started ? _lastTimestampNs + IntervalNs(TickRateHz) : _startTimestampNs;

    /// <summary>The number of batches written so far.</summary>
    public long BatchCount { get; private set; }

    /// <summary>The scenario in effect (through its recovery), or <see langword="null"/> in the calm baseline.</summary>
    public StressScenario? ActiveScenario => _activeScenario;

    /// <summary>Where the active scenario is in its life, <see cref="StressPhase.None"/> without one.</summary>
    public StressPhase Phase => _phase;

    /// <summary>
    /// How far the market is from the baseline towards the active scenario's peak, in [0, 1]: it rises through the
    /// onset, is 1 at the peak and falls to 0 through the recovery. A ground-truth label for detectors.
    /// </summary>
    public double StressIntensity => Volatile.Read(ref _intensity);

    /// <summary>Sets <see cref="TickRateHz"/> to a named speed (2, 4, 10 or 25 Hz).</summary>
    /// <param name="speed">The speed.</param>
    public void SetSpeed(SimulatorSpeed speed) => TickRateHz = speed.ToTickRateHz();

    /// <summary>
    /// Starts <paramref name="scenario"/> at the next batch, ramping from the current state (calm or another
    /// scenario, which it replaces). Callable from any thread.
    /// </summary>
    /// <param name="scenario">The scenario; checked against this simulator's instruments.</param>
    /// <exception cref="ArgumentException">The scenario is invalid here; the message lists every problem.</exception>
    public void Activate(StressScenario scenario) => ActivateResolved(Resolve(scenario));

    /// <summary>Queues an already resolved scenario.</summary>
    internal void ActivateResolved(ResolvedScenario scenario) => Interlocked.Exchange(ref _pending, new Command(scenario));

    /// <summary>
    /// Ends the active scenario at the next batch: its recovery starts from the current state and returns the
    /// market to the baseline. Does nothing without an active scenario. Callable from any thread.
    /// </summary>
    public void Deactivate() => Interlocked.Exchange(ref _pending, _deactivate);

    /// <summary>
    /// Writes the next snapshot, one tick per instrument in id order, all stamped <see cref="TimestampNs"/>, and
    /// advances event time by 1 / <see cref="TickRateHz"/> seconds. Allocates nothing.
    /// </summary>
    /// <param name="destination">Where to write; at least <see cref="InstrumentCount"/> long.</param>
    /// <returns>The number of ticks written, <see cref="InstrumentCount"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public int NextBatch(Span<Tick> destination)
    {
        var n = _n;
        if (destination.Length < n)
        {
            ThrowDestinationTooShort(destination.Length, n);
        }

        var rate = Volatile.Read(ref _tickRateHz);
        if (rate != _appliedTickRateHz)
        {
            ApplyTickRate(rate);
        }

        var t = _started ? _lastTimestampNs + _intervalNs : _startTimestampNs;
        if (Volatile.Read(ref _pending) is not null)
        {
            var command = Interlocked.Exchange(ref _pending, null);
            if (command is not null)
            {
                Apply(command, t);
            }
        }

        if (_scenario is not null)
        {
            AdvanceSchedule(t);
        }

        Step(destination[..n], t);
        _lastTimestampNs = t;
        _started = true;
        BatchCount++;
        return n;
    }

    /// <summary>
    /// Writes the correlation the Gaussian shocks currently have (as of the last batch), row-major N×N: the calm
    /// matrix, blended per instrument towards the crisis matrix by the scenario's correlation shift. Jumps come on
    /// top of it. Call it on the engine thread.
    /// </summary>
    /// <param name="destination">At least N×N long.</param>
    public void GetTargetCorrelation(Span<double> destination)
    {
        var n = _n;
        if (destination.Length < n * n)
        {
            ThrowDestinationTooShort(destination.Length, n * n);
        }

        for (var i = 0; i < n; i++)
        {
            var wi = _correlationWeight[i];
            for (var j = 0; j < n; j++)
            {
                if (i == j)
                {
                    destination[(i * n) + j] = 1.0;
                    continue;
                }

                var wj = _correlationWeight[j];
                destination[(i * n) + j] = (Math.Sqrt((1.0 - wi) * (1.0 - wj)) * _calmCorrelation[(i * n) + j])
                    + (Math.Sqrt(wi * wj) * _loading[i] * _loading[j]);
            }
        }
    }

    /// <summary>Checks a scenario against this simulator and precomputes its per-instrument parameters.</summary>
    internal ResolvedScenario Resolve(StressScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var problems = new List<string>();
        scenario.CollectProblems(problems);

        // Checks against the universe run even when other parameters are wrong, so one error lists every problem;
        // missing collections are already reported and count as empty here.
        var segmentMoves = scenario.SegmentMoves ?? ReadOnlyDictionary<StressSegment, double>.Empty;
        var segmentVolatility = scenario.SegmentVolatilityMultipliers ?? ReadOnlyDictionary<StressSegment, double>.Empty;
        var correlationSegments = scenario.CorrelationSegments ?? [];
        var n = _n;
        var instrumentMoves = new double[n];
        var levelTargets = new double[n];
        Array.Fill(instrumentMoves, double.NaN);
        Array.Fill(levelTargets, double.NaN);
        foreach (var (symbol, move) in scenario.InstrumentMoves ?? ReadOnlyDictionary<string, double>.Empty)
        {
            if (Registry.TryGet(symbol, out var instrument))
            {
                instrumentMoves[instrument.Id.Value] = move;
            }
            else
            {
                problems.Add($"InstrumentMoves names '{symbol}', which is not simulated (instruments: {Symbols()})");
            }
        }

        foreach (var (symbol, level) in scenario.LevelTargets ?? ReadOnlyDictionary<string, double>.Empty)
        {
            if (!Registry.TryGet(symbol, out var instrument))
            {
                problems.Add($"LevelTargets names '{symbol}', which is not simulated (instruments: {Symbols()})");
            }
            else if (_process[instrument.Id.Value] != PriceProcess.MeanRevertingLog)
            {
                problems.Add($"LevelTargets names '{instrument.Symbol}', which does not mean-revert; give it a move instead");
            }
            else
            {
                levelTargets[instrument.Id.Value] = level;
            }
        }

        var resolved = new ResolvedScenario(scenario, n);
        for (var i = 0; i < n; i++)
        {
            var segment = _segment[i];
            var move = !double.IsNaN(instrumentMoves[i]) ? instrumentMoves[i]
                : segmentMoves.TryGetValue(segment, out var segmentMove) ? segmentMove
                : double.NaN;
            var symbol = Registry[new InstrumentId(i)].Symbol;
            var positive = _process[i] != PriceProcess.ArithmeticLevel;
            if (positive && move <= -1)
            {
                problems.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"the move of {symbol} ({segment}) must be above -1, a 100% fall (was {move})"));
                continue;
            }

            resolved.Volatility[i] = _process[i] == PriceProcess.MeanRevertingLog ? 1.0
                : segmentVolatility.TryGetValue(segment, out var multiplier) ? multiplier
                : scenario.VolatilityMultiplier;
            resolved.Correlation[i] = AppliesTo(correlationSegments, segment) ? scenario.CorrelationShift : 0.0;
            switch (_process[i])
            {
                case PriceProcess.GeometricBrownian:
                    resolved.Move[i] = double.IsNaN(move) ? 0.0 : Math.Log(1.0 + move);
                    break;
                case PriceProcess.ArithmeticLevel:
                    resolved.Move[i] = double.IsNaN(move) ? 0.0 : move;
                    break;
                default:
                    var target = !double.IsNaN(levelTargets[i]) ? levelTargets[i]
                        : !double.IsNaN(move) ? _baseLevel[i] * (1.0 + move)
                        : segment == StressSegment.Volatility ? _baseLevel[i] * scenario.VolatilityMultiplier
                        : _baseLevel[i];
                    resolved.Theta[i] = Math.Log(target);
                    break;
            }
        }

        scenario.ThrowIfAny(problems);
        return resolved;
    }

    private static bool AppliesTo(IReadOnlyCollection<StressSegment> segments, StressSegment segment)
    {
        if (segments.Count == 0)
        {
            return true;
        }

        foreach (var s in segments)
        {
            if (s == segment)
            {
                return true;
            }
        }

        return false;
    }

    private static long IntervalNs(double rateHz) => Math.Max(1L, (long)Math.Round(TimeUnits.NsPerSecond / rateHz));

    private static double Smoothstep(double u) => u * u * (3.0 - (2.0 * u));

    private string Symbols()
    {
        var symbols = new string[_n];
        for (var i = 0; i < _n; i++)
        {
            symbols[i] = Registry[new InstrumentId(i)].Symbol;
        }

        return string.Join(", ", symbols);
    }

    private void ApplyTickRate(double rateHz)
    {
        _appliedTickRateHz = rateHz;
        _intervalNs = IntervalNs(rateHz);
        _dtSeconds = _intervalNs / (double)TimeUnits.NsPerSecond;
        _sqrtDtSeconds = Math.Sqrt(_dtSeconds);
    }

    private void Apply(Command command, long t)
    {
        var scenario = command.Scenario;
        if (scenario is null)
        {
            if (_scenario is not null && _phase != StressPhase.Recovery)
            {
                BeginRecovery(t);
            }

            return;
        }

        // The new scenario ramps from wherever the market is now, so switching never jumps.
        CaptureFrom();
        scenario.Volatility.CopyTo(_toVolatility, 0);
        scenario.Correlation.CopyTo(_toCorrelation, 0);
        scenario.Theta.CopyTo(_toTheta, 0);
        _toVolume = scenario.VolumeMultiplier;
        _toJumps = scenario.JumpsPerSecond;
        _toIntensity = 1.0;
        _meanJumpSize = scenario.MeanJumpSize;
        _rampStartNs = t;
        _rampDurationNs = scenario.OnsetNs;
        Array.Clear(_accumulatedDrift);
        _driftProgress = 0.0;
        _recoveryProgress = 0.0;
        _activationNs = t;
        _phaseStartNs = t;
        _scenario = scenario;
        _activeScenario = scenario.Scenario;
        _phase = StressPhase.Onset;
    }

    private void AdvanceSchedule(long t)
    {
        var scenario = _scenario!;
        if (_phase == StressPhase.Onset && t >= _phaseStartNs + scenario.OnsetNs)
        {
            _phaseStartNs += scenario.OnsetNs;
            _phase = StressPhase.Peak;
        }

        if (_phase == StressPhase.Peak && t >= _phaseStartNs + scenario.PeakNs)
        {
            var end = _phaseStartNs + scenario.PeakNs;
            AccumulateDrift(1.0);
            BeginRecovery(end);
        }

        if (_phase != StressPhase.Recovery)
        {
            AccumulateDrift(DriftProgress(scenario, t - _activationNs));
            EvaluateRamp(t);
            return;
        }

        var u = RampFraction(t);
        var progress = Smoothstep(u);
        var delta = progress - _recoveryProgress;
        if (delta > 0 && scenario.Retracement > 0)
        {
            // Takes back the retraced fraction of the move along the same smooth curve as the recovery.
            var factor = -scenario.Retracement * delta;
            for (var i = 0; i < _n; i++)
            {
                _stepDrift[i] += factor * _accumulatedDrift[i];
            }
        }

        _recoveryProgress = progress;
        if (u >= 1.0)
        {
            Finish();
            return;
        }

        EvaluateRamp(t);
    }

    /// <summary>
    /// The fraction of the scenario's move due by <paramref name="elapsedNs"/> after activation: the integral of the
    /// stress intensity (a smoothstep over the onset, then 1) normalised over onset and peak.
    /// </summary>
    private static double DriftProgress(ResolvedScenario scenario, long elapsedNs)
    {
        double onset = scenario.OnsetNs;
        double peak = scenario.PeakNs;
        var total = (onset / 2.0) + peak;
        double done;
        if (elapsedNs < scenario.OnsetNs)
        {
            var x = elapsedNs / onset;
            done = onset * ((x * x * x) - (x * x * x * x / 2.0));
        }
        else
        {
            done = (onset / 2.0) + Math.Min(elapsedNs - onset, peak);
        }

        return Math.Min(1.0, done / total);
    }

    private void AccumulateDrift(double progress)
    {
        var delta = progress - _driftProgress;
        if (!(delta > 0))
        {
            return;
        }

        _driftProgress = progress;
        var move = _scenario!.Move;
        for (var i = 0; i < _n; i++)
        {
            var step = move[i] * delta;
            _stepDrift[i] += step;
            _accumulatedDrift[i] += step;
        }
    }

    private void BeginRecovery(long startNs)
    {
        EvaluateRamp(startNs);
        CaptureFrom();
        for (var i = 0; i < _n; i++)
        {
            _toVolatility[i] = 1.0;
            _toCorrelation[i] = 0.0;
            _toTheta[i] = _baseTheta[i];
        }

        _toVolume = 1.0;
        _toJumps = 0.0;
        _toIntensity = 0.0;
        _rampStartNs = startNs;
        _rampDurationNs = _scenario!.RecoveryNs;
        _recoveryProgress = 0.0;
        _phaseStartNs = startNs;
        _phase = StressPhase.Recovery;
    }

    private void Finish()
    {
        SetBaseline();
        Array.Clear(_accumulatedDrift);
        _scenario = null;
        _activeScenario = null;
        _phase = StressPhase.None;
    }

    private void SetBaseline()
    {
        for (var i = 0; i < _n; i++)
        {
            _volatilityMultiplier[i] = 1.0;
            _correlationWeight[i] = 0.0;
            _theta[i] = _baseTheta[i];
        }

        _volumeMultiplier = 1.0;
        _jumpsPerSecond = 0.0;
        _anyCorrelationShift = false;
        Volatile.Write(ref _intensity, 0.0);
    }

    private void CaptureFrom()
    {
        _volatilityMultiplier.CopyTo(_fromVolatility, 0);
        _correlationWeight.CopyTo(_fromCorrelation, 0);
        _theta.CopyTo(_fromTheta, 0);
        _fromVolume = _volumeMultiplier;
        _fromJumps = _jumpsPerSecond;
        _fromIntensity = _intensity;
    }

    private double RampFraction(long t) =>
        _rampDurationNs <= 0 ? 1.0 : Math.Clamp((t - _rampStartNs) / (double)_rampDurationNs, 0.0, 1.0);

    private void EvaluateRamp(long t)
    {
        var s = Smoothstep(RampFraction(t));
        var any = false;
        for (var i = 0; i < _n; i++)
        {
            _volatilityMultiplier[i] = _fromVolatility[i] + (s * (_toVolatility[i] - _fromVolatility[i]));
            var w = _fromCorrelation[i] + (s * (_toCorrelation[i] - _fromCorrelation[i]));
            _correlationWeight[i] = w;
            any |= w > 0;
            _theta[i] = _fromTheta[i] + (s * (_toTheta[i] - _fromTheta[i]));
        }

        _anyCorrelationShift = any;
        _volumeMultiplier = _fromVolume + (s * (_toVolume - _fromVolume));
        _jumpsPerSecond = _fromJumps + (s * (_toJumps - _fromJumps));
        Volatile.Write(ref _intensity, _fromIntensity + (s * (_toIntensity - _fromIntensity)));
    }

    private void Step(Span<Tick> destination, long t)
    {
        var n = _n;
        var dt = _dtSeconds;
        var sqrtDt = _sqrtDtSeconds;
        var random = _random;
        var z = _gaussians.AsSpan(0, n);
        var e = _shocks.AsSpan(0, n);
        var factor = _calmFactor.AsSpan(0, n * n);

        for (var i = 0; i < n; i++)
        {
            z[i] = ZigguratGaussian.Next(random);
        }

        // Calm shocks: e = L·z with L the Cholesky factor of the calm correlation.
        for (var i = 0; i < n; i++)
        {
            var row = factor.Slice(i * n, i + 1);
            var sum = 0.0;
            for (var j = 0; j < row.Length; j++)
            {
                sum += row[j] * z[j];
            }

            e[i] = sum;
        }

        if (_anyCorrelationShift)
        {
            // Crisis shocks load on one common factor; mixing independent calm and crisis parts with weights
            // √(1−w) and √w keeps unit variance and a valid correlation matrix for any weights.
            var common = ZigguratGaussian.Next(random);
            for (var i = 0; i < n; i++)
            {
                var w = _correlationWeight[i];
                if (w > 0)
                {
                    var crisis = (_loading[i] * common) + (_loadingComplement[i] * ZigguratGaussian.Next(random));
                    e[i] = (Math.Sqrt(1.0 - w) * e[i]) + (Math.Sqrt(w) * crisis);
                }
            }
        }

        // A market-wide jump in calm daily standard deviations, uniform in [0.5, 1.5] times the mean size (bounded, so
        // a volatility index spikes by about the configured gap rather than an unbounded tail draw), compensated so
        // it adds no expected move.
        var jump = 0.0;
        if (_jumpsPerSecond > 0)
        {
            var probability = 1.0 - Math.Exp(-_jumpsPerSecond * dt);
            jump = -probability * _meanJumpSize;
            if (random.NextDouble() < probability)
            {
                jump += _meanJumpSize * (0.5 + random.NextDouble());
            }
        }

        var volumeBoost = 1.0 + Math.Abs(jump);
        for (var i = 0; i < n; i++)
        {
            var diffusion = _volatilityMultiplier[i] * _sigmaPerSqrtSecond[i] * sqrtDt * e[i];
            var jumpMove = -_loading[i] * jump * _dailySigma[i];
            double level;
            switch (_process[i])
            {
                case PriceProcess.GeometricBrownian:
                    _state[i] += _stepDrift[i] + diffusion + jumpMove;
                    level = Math.Exp(_state[i]);
                    break;
                case PriceProcess.MeanRevertingLog:
                    _state[i] += (-_kappaPerSecond[i] * dt * _state[i]) + diffusion;
                    _jumpState[i] += (-_jumpKappaPerSecond * dt * _jumpState[i]) + jumpMove;
                    level = Math.Exp(_theta[i] + _state[i] + _jumpState[i]);
                    break;
                default:
                    _state[i] += _stepDrift[i] + diffusion + jumpMove;
                    level = _state[i];
                    break;
            }

            _stepDrift[i] = 0.0;

            // Volume: calm rate × stress multiplier × log-normal noise (mean 1) × activity, which grows with the
            // size of the move (|e|·√(π/2) has mean 1) and with jumps.
            var noise = Math.Exp((VolumeNoiseSigma * ZigguratGaussian.Next(random)) - (VolumeNoiseSigma * VolumeNoiseSigma / 2.0));
            var activity = 0.5 + (0.5 * Math.Abs(e[i]) * SqrtHalfPi);
            var volume = _volumePerSecond[i] * dt * _volumeMultiplier * noise * activity * volumeBoost;
            destination[i] = new Tick(new InstrumentId(i), t, level, volume);
        }
    }

    [DoesNotReturn]
    private static void ThrowDestinationTooShort(int length, int required) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The destination holds {length} elements; {required} are needed."),
            "destination");

    [DoesNotReturn]
    private static void ThrowTickRate(double value) =>
        throw new ArgumentOutOfRangeException(
            nameof(TickRateHz),
            value,
            string.Create(
                CultureInfo.InvariantCulture,
                $"The tick rate must be in [{SimulatorOptions.MinTickRateHz}, {SimulatorOptions.MaxTickRateHz}] Hz."));

    /// <summary>A command queued for the engine thread: activate a scenario, or deactivate when it holds none.</summary>
    private sealed class Command(ResolvedScenario? scenario)
    {
        public ResolvedScenario? Scenario { get; } = scenario;
    }
}
