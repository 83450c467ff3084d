using Vigil.Core.Instruments;
using Vigil.Core.Streaming;
using Vigil.Detection.CrossAsset;
using Vigil.Detection.Neural;
using Vigil.Detection.Risk;
using Vigil.Detection.Risk.Credit;
using Vigil.Detection.Risk.Options;
using Vigil.Detection.Systemic;

namespace Vigil.Engine.Pipeline;

/// <summary>
/// The cross-asset risk models the engine runs once per market step beside its detectors: the CISS stress index,
/// the absorption ratio, the turbulence index, VaR and ES with their backtests, Merton distance to default and
/// SRISK, and (with a trained model) the LSTM autoencoder. Each reads the step's returns, levels or state vector and
/// gives a reading whose raw value joins the ensemble. Models that need more than one series are absent with one.
/// Owned by the engine and used on its thread; hosts read the models' snapshots between steps.
/// </summary>
public sealed class RiskModels
{
    private readonly int _slowInterval;
    private readonly double[] _slowReturns;
    private int _slowSteps;

    internal RiskModels(IReadOnlyList<Instrument> instruments, EngineOptions options, LstmAutoencoderModel? autoencoder)
    {
        _slowInterval = options.SlowModelInterval;
        _slowReturns = new double[instruments.Count];
        Array.Fill(_slowReturns, double.NaN);
        Ciss = new CissStressIndex(instruments, options.Ciss);
        if (instruments.Count >= 2)
        {
            AbsorptionRatio = new AbsorptionRatioDetector(instruments, options.AbsorptionRatio);
            Turbulence = new TurbulenceDetector(instruments, options.Turbulence);
        }

        MarketRisk = new MarketRiskMonitor(instruments, options.MarketRisk);
        // The default institutions are stand-ins on XLF against SPX: over a universe without those symbols (a replay
        // of other markets, a single NAB series) the credit monitor is left out and says why, rather than failing.
        var missing = SystemicCreditMonitor.MissingSymbols(instruments, options.CreditRisk);
        if (missing.Count == 0)
        {
            Credit = new SystemicCreditMonitor(instruments, options.CreditRisk);
        }
        else
        {
            CreditUnavailableReason = $"the instruments lack {string.Join(", ", missing)}, which the credit options name";
        }

        Autoencoder = autoencoder is null ? null : new LstmAutoencoderDetector(autoencoder, options.Autoencoder);
        var missingForPut = CrashProtectionCost.MissingSymbols(instruments, options.CrashProtection);
        if (missingForPut.Count == 0)
        {
            CrashProtection = new CrashProtectionCost(instruments, options.CrashProtection);
        }
    }

    /// <summary>The crash-protection cost (Black-76); null when the instruments lack its index or volatility index.</summary>
    public CrashProtectionCost? CrashProtection { get; }

    /// <summary>The CISS composite indicator of systemic stress.</summary>
    public CissStressIndex Ciss { get; }

    /// <summary>The absorption ratio; null with a single series.</summary>
    public AbsorptionRatioDetector? AbsorptionRatio { get; }

    /// <summary>The turbulence index; null with a single series.</summary>
    public TurbulenceDetector? Turbulence { get; }

    /// <summary>VaR, ES and their backtests, per instrument and for the portfolio.</summary>
    public MarketRiskMonitor MarketRisk { get; }

    /// <summary>Merton distance to default and SRISK for the configured institutions; null when the instruments lack their symbols.</summary>
    public SystemicCreditMonitor? Credit { get; }

    /// <summary>Why <see cref="Credit"/> is null, or null when it runs.</summary>
    public string? CreditUnavailableReason { get; }

    /// <summary>The LSTM autoencoder; null unless the engine was given a trained model.</summary>
    public LstmAutoencoderDetector? Autoencoder { get; }

    /// <summary>The readings of the latest step.</summary>
    internal DetectorReading CissReading { get; private set; } = DetectorReading.NotReady;

    internal DetectorReading AbsorptionReading { get; private set; } = DetectorReading.NotReady;

    internal DetectorReading TurbulenceReading { get; private set; } = DetectorReading.NotReady;

    internal DetectorReading MarketRiskReading { get; private set; } = DetectorReading.NotReady;

    internal DetectorReading CreditReading { get; private set; } = DetectorReading.NotReady;

    internal DetectorReading AutoencoderReading { get; private set; } = DetectorReading.NotReady;

    internal DetectorReading CrashProtectionReading { get; private set; } = DetectorReading.NotReady;

    /// <summary>
    /// Runs every model on one step. The CISS, the absorption ratio, the turbulence index, the VaR monitor and the
    /// crash-protection cost run every <see cref="EngineOptions.SlowModelInterval"/> steps on the returns summed over them (log returns and level
    /// differences add up), and hold their reading in between; SRISK and the autoencoder run every step.
    /// </summary>
    internal void Update(ReadOnlySpan<double> returns, ReadOnlySpan<double> levels, ReadOnlySpan<double> stateVector, bool stateVectorReady)
    {
        CreditReading = Credit?.Update(returns, levels) ?? DetectorReading.NotReady;
        // The autoencoder reads the state vector only once every instrument's features are warm: zeros from cold
        // features are not the market it was trained on.
        AutoencoderReading = Autoencoder is not null && stateVectorReady ? Autoencoder.Update(stateVector) : DetectorReading.NotReady;

        var slow = _slowReturns.AsSpan();
        for (var i = 0; i < slow.Length; i++)
        {
            // NaN (no tick) adds nothing; the sum stays NaN only if the instrument did not tick in the whole interval.
            var r = returns[i];
            if (!double.IsNaN(r))
            {
                slow[i] = double.IsNaN(slow[i]) ? r : slow[i] + r;
            }
        }

        if (++_slowSteps < _slowInterval)
        {
            return;
        }

        CissReading = Ciss.Update(slow, levels);
        AbsorptionReading = AbsorptionRatio?.Update(slow) ?? DetectorReading.NotReady;
        TurbulenceReading = Turbulence?.Update(slow) ?? DetectorReading.NotReady;
        MarketRiskReading = MarketRisk.Update(slow);
        CrashProtectionReading = CrashProtection?.Update(levels) ?? DetectorReading.NotReady;
        slow.Fill(double.NaN);
        _slowSteps = 0;
    }
}
