namespace Vigil.Testing;

/// <summary>
/// A fact that needs Chromium at <see cref="ExecutablePath"/> (Debian's <c>chromium</c> package; scripts/test.sh
/// installs it). Without it the test is skipped with a message, except under <c>CI=true</c>, where it runs and fails:
/// a missing browser must never pass silently there.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Where the browser tests expect Chromium.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!IsAvailable && !IsCi)
        {
            Skip = $"Chromium is not installed at {ExecutablePath} (apt-get install chromium, or run scripts/test.sh); "
                + "under CI=true this test fails instead.";
        }
    }

    /// <summary>Whether Chromium is installed where the tests look for it.</summary>
    public static bool IsAvailable => File.Exists(ExecutablePath);

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
