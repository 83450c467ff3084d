using System.Numerics.Tensors;

namespace Vigil.Detection.Neural;

/// <summary>
/// Adam (Kingma and Ba 2015) as PyTorch's <c>torch.optim.Adam</c> computes it, without weight decay:
/// m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², p ← p − (lr / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε).
/// The moment arrays are allocated by the constructor; a step allocates nothing.
/// </summary>
public sealed class AdamOptimizer
{
    private readonly double[] _firstMoment;
    private readonly double[] _secondMoment;

    /// <summary>Creates an optimiser for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The number of parameters; positive.</param>
    /// <param name="learningRate">The step size lr; positive and finite. Default 1e-3.</param>
    /// <param name="beta1">The first-moment decay β1, in [0, 1). Default 0.9.</param>
    /// <param name="beta2">The second-moment decay β2, in [0, 1). Default 0.999.</param>
    /// <param name="epsilon">The denominator's guard ε; positive. Default 1e-8.</param>
    public AdamOptimizer(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        if (!(learningRate > 0 && double.IsFinite(learningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        }

        if (!(beta1 >= 0 && beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must be in [0, 1).");
        }

        if (!(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must be in [0, 1).");
        }

        if (!(epsilon > 0 && double.IsFinite(epsilon)))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be positive and finite.");
        }

        _firstMoment = new double[parameterCount];
        _secondMoment = new double[parameterCount];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>The step size lr.</summary>
    public double LearningRate { get; }

    /// <summary>The first-moment decay β1.</summary>
    public double Beta1 { get; }

    /// <summary>The second-moment decay β2.</summary>
    public double Beta2 { get; }

    /// <summary>The denominator's guard ε.</summary>
    public double Epsilon { get; }

    /// <summary>The number of steps taken, t in the bias corrections.</summary>
    public long StepCount { get; private set; }

    /// <summary>Moves <paramref name="parameters"/> one Adam step against <paramref name="gradient"/>.</summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradient">The loss gradient, as long as the parameters.</param>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        if (parameters.Length != _firstMoment.Length || gradient.Length != _firstMoment.Length)
        {
            throw new ArgumentException(
                $"The optimiser holds {_firstMoment.Length} parameters; got {parameters.Length} parameters and {gradient.Length} gradients.",
                nameof(parameters));
        }

        StepCount++;
        var correction1 = 1.0 - Math.Pow(Beta1, StepCount);
        var sqrtCorrection2 = Math.Sqrt(1.0 - Math.Pow(Beta2, StepCount));
        var stepSize = LearningRate / correction1;
        for (var k = 0; k < parameters.Length; k++)
        {
            var g = gradient[k];
            var m = (Beta1 * _firstMoment[k]) + ((1.0 - Beta1) * g);
            var v = (Beta2 * _secondMoment[k]) + ((1.0 - Beta2) * g * g);
            _firstMoment[k] = m;
            _secondMoment[k] = v;
            parameters[k] -= stepSize * m / ((Math.Sqrt(v) / sqrtCorrection2) + Epsilon);
        }
    }

    /// <summary>Forgets the moments and the step count.</summary>
    public void Reset()
    {
        Array.Clear(_firstMoment);
        Array.Clear(_secondMoment);
        StepCount = 0;
    }

    /// <summary>
    /// Scales <paramref name="gradient"/> so its Euclidean norm is at most <paramref name="maxNorm"/> (as PyTorch's
    /// <c>clip_grad_norm_</c>), leaving it unchanged when already within.
    /// </summary>
    /// <param name="gradient">The gradient, scaled in place.</param>
    /// <param name="maxNorm">The largest norm allowed; positive.</param>
    /// <returns>The norm before clipping.</returns>
    public static double ClipGradientNorm(Span<double> gradient, double maxNorm)
    {
        if (!(maxNorm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum gradient norm must be positive.");
        }

        var norm = TensorPrimitives.Norm((ReadOnlySpan<double>)gradient);
        if (norm > maxNorm)
        {
            TensorPrimitives.Multiply(gradient, maxNorm / (norm + 1e-6), gradient);
        }

        return norm;
    }
}
