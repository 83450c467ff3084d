using Vigil.Core.Streaming;

namespace Vigil.Core.Tests.Streaming;

public sealed class DetectorReadingTests
{
    [Fact]
    public void Not_ready_reading_scores_zero_with_no_raw_value_and_does_not_fire()
    {
        var reading = DetectorReading.NotReady;

        Assert.Equal(0.0, reading.Score);
        Assert.True(double.IsNaN(reading.Raw));
        Assert.False(reading.Fired);
    }
}
