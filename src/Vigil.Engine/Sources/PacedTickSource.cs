using Vigil.Core.Instruments;
using Vigil.Core.Market;

namespace Vigil.Engine.Sources;

/// <summary>
/// Paces another source in event time: a tick stamped <c>t</c> is released no earlier than
/// <c>(t − t₀) / speed</c> of wall-clock time after the first tick, measured on an injected <see cref="TimeProvider"/>.
/// Batches are cut at timestamp changes so ticks that share a timestamp are released together.
/// </summary>
public sealed class PacedTickSource : ITickSource
{
    private readonly ITickSource _inner;
    private readonly double _speed;
    private readonly TimeProvider _time;
    private Tick[] _pending = [];
    private int _pendingStart;
    private int _pendingCount;
    private bool _started;
    private long _firstEventNs;
    private long _startWallTimestamp;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The source to pace.</param>
    /// <param name="speed">Event seconds per wall-clock second; positive (1 is real time, 10 is ten times faster).</param>
    /// <param name="time">The clock to pace against.</param>
    public PacedTickSource(ITickSource inner, double speed, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(time);
        if (!(speed > 0) || double.IsInfinity(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Speed must be positive and finite.");
        }

        _inner = inner;
        _speed = speed;
        _time = time;
    }

    /// <inheritdoc />
    public InstrumentRegistry Registry => _inner.Registry;

    /// <inheritdoc />
    public async ValueTask<int> ReadAsync(Memory<Tick> buffer, CancellationToken cancellationToken = default)
    {
        if (_pendingCount == 0)
        {
            if (_pending.Length < buffer.Length)
            {
                _pending = new Tick[buffer.Length];
            }

            _pendingStart = 0;
            _pendingCount = await _inner.ReadAsync(_pending.AsMemory(0, buffer.Length), cancellationToken);
            if (_pendingCount == 0)
            {
                return 0;
            }
        }

        // Release the ticks that share the first pending timestamp, once their time has come.
        var batchNs = _pending[_pendingStart].TimestampNs;
        if (!_started)
        {
            _started = true;
            _firstEventNs = batchNs;
            _startWallTimestamp = _time.GetTimestamp();
        }

        var due = TimeSpan.FromSeconds((batchNs - _firstEventNs) / (double)TimeUnits.NsPerSecond / _speed);
        var elapsed = _time.GetElapsedTime(_startWallTimestamp);
        if (due > elapsed)
        {
            await Task.Delay(due - elapsed, _time, cancellationToken);
        }

        return TakeBatch(batchNs, buffer.Span);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private int TakeBatch(long batchNs, Span<Tick> destination)
    {
        var pending = _pending.AsSpan(_pendingStart, _pendingCount);
        var n = 1;
        while (n < pending.Length && n < destination.Length && pending[n].TimestampNs == batchNs)
        {
            n++;
        }

        pending[..n].CopyTo(destination);
        _pendingStart += n;
        _pendingCount -= n;
        return n;
    }
}
