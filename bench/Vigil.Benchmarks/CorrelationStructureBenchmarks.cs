using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using Vigil.Core.Numerics;
using Vigil.Detection.CrossAsset;

namespace Vigil.Benchmarks;

/// <summary>
/// The correlation-structure models over 18 instruments, per market step: the turbulence index (rolling window of
/// 2400 steps, Cholesky every step), the absorption ratio with the live default of fresh eigenvalues every 8 steps
/// and with eigenvalues every step, and the eigenvalue step alone (our solver against MathNet's full symmetric Evd).
/// Returns come from one common factor plus noise, cycled from a precomputed block so generation is not timed.
/// </summary>
[MemoryDiagnoser]
public class CorrelationStructureBenchmarks
{
    private const int Instruments = 18;
    private const int Steps = 1024;
    private readonly double[] _returns = new double[Instruments * Steps];
    private readonly double[] _correlation = new double[Instruments * Instruments];
    private readonly double[] _eigenvalues = new double[Instruments];
    private TurbulenceDetector _turbulence = null!;
    private AbsorptionRatioDetector _absorption = null!;
    private AbsorptionRatioDetector _absorptionEveryStep = null!;
    private SymmetricEigenvalues _solver = null!;
    private Matrix<double> _mathNetMatrix = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Xoshiro256(5);
        for (var t = 0; t < Steps; t++)
        {
            var f = random.NextGaussian();
            for (var i = 0; i < Instruments; i++)
            {
                _returns[(t * Instruments) + i] = 0.0005 * ((0.5 * f) + (0.85 * random.NextGaussian()));
            }
        }

        _turbulence = new TurbulenceDetector(Instruments);
        _absorption = new AbsorptionRatioDetector(Instruments);
        _absorptionEveryStep = new AbsorptionRatioDetector(Instruments, new AbsorptionRatioOptions(EigenInterval: 1));

        // Fill the windows so the timed calls are steady-state.
        for (var k = 0; k < 4; k++)
        {
            Turbulence();
            AbsorptionRatio();
            AbsorptionRatioEveryStep();
        }

        // A correlation matrix from the same returns, for the eigenvalue step alone.
        var covariance = new Vigil.Core.Statistics.EwmaCovarianceMatrix(Instruments, 0.999, demean: true);
        for (var t = 0; t < Steps; t++)
        {
            covariance.Update(_returns.AsSpan(t * Instruments, Instruments));
        }

        covariance.CopyCorrelationTo(_correlation);
        _solver = new SymmetricEigenvalues(Instruments);
        _mathNetMatrix = DenseMatrix.Build.Dense(Instruments, Instruments, (i, j) => _correlation[(i * Instruments) + j]);
    }

    /// <summary>One step of the turbulence index.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public double Turbulence()
    {
        var sum = 0.0;
        for (var t = 0; t < Steps; t++)
        {
            sum += _turbulence.Update(_returns.AsSpan(t * Instruments, Instruments)).Raw;
        }

        return sum;
    }

    /// <summary>One step of the absorption ratio with the live default EigenInterval (8).</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public double AbsorptionRatio()
    {
        var sum = 0.0;
        for (var t = 0; t < Steps; t++)
        {
            sum += _absorption.Update(_returns.AsSpan(t * Instruments, Instruments)).Raw;
        }

        return sum;
    }

    /// <summary>One step of the absorption ratio with fresh eigenvalues every step (EigenInterval 1).</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public double AbsorptionRatioEveryStep()
    {
        var sum = 0.0;
        for (var t = 0; t < Steps; t++)
        {
            sum += _absorptionEveryStep.Update(_returns.AsSpan(t * Instruments, Instruments)).Raw;
        }

        return sum;
    }

    /// <summary>The eigenvalues of an 18×18 correlation matrix with the project's solver.</summary>
    [Benchmark]
    public double Eigenvalues()
    {
        _solver.Compute(_correlation, _eigenvalues);
        return _eigenvalues[0];
    }

    /// <summary>The same with MathNet's full symmetric decomposition (eigenvectors included), for comparison.</summary>
    [Benchmark]
    public double MathNetEvd() => _mathNetMatrix.Evd(Symmetricity.Symmetric).EigenValues[0].Real;
}
