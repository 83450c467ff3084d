namespace Vigil.Detection.CrossAsset;

/// <summary>
/// The sample mean and covariance of the last <see cref="WindowLength"/> vectors, updated in O(N²) per vector by
/// adding the new one and removing the evicted one. The update works on deviations from the current mean, so no
/// large sums cancel; every term is of the size of a product of two returns.
/// </summary>
internal sealed class RollingCovarianceWindow
{
    private readonly int _n;
    private readonly double[] _window;
    private readonly double[] _mean;
    private readonly double[] _m2;
    private readonly double[] _delta;
    private readonly double[] _previousMean;
    private int _next;
    private int _count;

    public RollingCovarianceWindow(int dimension, int windowLength)
    {
        _n = dimension;
        WindowLength = windowLength;
        _window = new double[dimension * windowLength];
        _mean = new double[dimension];
        _m2 = new double[dimension * dimension];
        _delta = new double[dimension];
        _previousMean = new double[dimension];
    }

    public int WindowLength { get; }

    public int Count => _count;

    public bool IsFull => _count == WindowLength;

    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The sample covariance (divisor count − 1) of elements i and j.</summary>
    public double Covariance(int i, int j) => _count > 1 ? _m2[(i * _n) + j] / (_count - 1) : 0.0;

    /// <summary>Writes the sample covariance (divisor count − 1), row-major N×N.</summary>
    public void CopyCovarianceTo(Span<double> destination)
    {
        var scale = _count > 1 ? 1.0 / (_count - 1) : 0.0;
        for (var k = 0; k < _m2.Length; k++)
        {
            destination[k] = _m2[k] * scale;
        }
    }

    public void Add(ReadOnlySpan<double> x)
    {
        var n = _n;
        var slot = _window.AsSpan(_next * n, n);
        if (_count < WindowLength)
        {
            // Welford's update: M2 += (x − μ_old)(x − μ_new)ᵀ.
            _count++;
            for (var i = 0; i < n; i++)
            {
                _delta[i] = x[i] - _mean[i];
                _mean[i] += _delta[i] / _count;
            }

            for (var i = 0; i < n; i++)
            {
                var di = _delta[i];
                var row = _m2.AsSpan(i * n, n);
                for (var j = 0; j < n; j++)
                {
                    row[j] += di * (x[j] - _mean[j]);
                }
            }
        }
        else
        {
            // Replace the oldest vector o by x with the mean moving from μ to μ' = μ + (x − o)/W:
            // M2' = M2 + (x − μ)(x − μ')ᵀ − (o − μ)(o − μ')ᵀ, exact for a window of fixed size.
            var w = (double)WindowLength;
            _mean.CopyTo(_previousMean, 0);
            for (var i = 0; i < n; i++)
            {
                _mean[i] += (x[i] - slot[i]) / w;
            }

            for (var i = 0; i < n; i++)
            {
                var xi = x[i] - _previousMean[i];
                var oi = slot[i] - _previousMean[i];
                var row = _m2.AsSpan(i * n, n);
                for (var j = 0; j < n; j++)
                {
                    row[j] += (xi * (x[j] - _mean[j])) - (oi * (slot[j] - _mean[j]));
                }
            }
        }

        x.CopyTo(slot);
        _next = _next + 1 == WindowLength ? 0 : _next + 1;
    }

    public void Reset()
    {
        Array.Clear(_window);
        Array.Clear(_mean);
        Array.Clear(_m2);
        _next = 0;
        _count = 0;
    }
}
