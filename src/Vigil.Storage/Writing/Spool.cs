using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Storage.Writing;

/// <summary>
/// Batches waiting on disk for the store: append-only files of one JSON record per line, each append forced to the
/// disk before it counts. Files are named by an increasing sequence, so replay reads them in the order they were
/// written. Used by one thread (the writer's loop).
/// </summary>
internal sealed class Spool(string directory, long maxFileBytes)
{
    private const string Extension = ".spool";
    private readonly List<string> _files = [];
    private long _nextSequence = 1;
    private string? _current;
    private long _currentBytes;

    /// <summary>The spool's folder.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Whether nothing is waiting.</summary>
    public bool IsEmpty => _files.Count == 0;

    /// <summary>The files waiting, oldest first.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Creates the folder and finds the files a previous run left.</summary>
    public void Load()
    {
        System.IO.Directory.CreateDirectory(Directory);
        _files.Clear();
        var found = new List<(long Sequence, string Path)>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                found.Add((sequence, path));
            }
        }

        found.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        _files.AddRange(found.Select(f => f.Path));
        _nextSequence = found.Count == 0 ? 1 : found[^1].Sequence + 1;
        _current = null;
    }

    /// <summary>Appends one batch and forces it to the disk.</summary>
    /// <param name="record">The batch.</param>
    /// <returns>The file it went to.</returns>
    public string Append(SpoolRecord record)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(record, SpoolJson.Options);
        if (_current is null || _currentBytes + line.Length + 1 > maxFileBytes)
        {
            // A new file per run and after each failure: a torn write stays at the end of a file nobody appends to.
            System.IO.Directory.CreateDirectory(Directory);
            _current = Path.Combine(Directory, _nextSequence.ToString("D12", CultureInfo.InvariantCulture) + Extension);
            _nextSequence++;
            _currentBytes = 0;
            _files.Add(_current);
        }

        try
        {
            using var stream = new FileStream(_current, FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
            stream.Write(line);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
            _currentBytes += line.Length + 1;
            return _current;
        }
        catch
        {
            if (!File.Exists(_current))
            {
                _files.Remove(_current);
            }

            _current = null;
            throw;
        }
    }

    /// <summary>Stops appending to the current file, so it can be replayed and deleted.</summary>
    public void Seal() => _current = null;

    /// <summary>Reads a file's records in order. A last line without its newline (a torn write) is not a record.</summary>
    /// <param name="file">A file from <see cref="Files"/>.</param>
    /// <returns>Each record with its line number, or the error that made it unreadable.</returns>
    public static List<(int Line, SpoolRecord? Record, Exception? Error)> Read(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var records = new List<(int, SpoolRecord?, Exception?)>();
        var start = 0;
        var line = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
            {
                break;
            }

            line++;
            var span = bytes.AsSpan(start, end - start);
            start = end + 1;
            if (span.IsEmpty)
            {
                continue;
            }

            try
            {
                var record = JsonSerializer.Deserialize<SpoolRecord>(span, SpoolJson.Options)
                    ?? throw new JsonException("The record is null.");
                if (record.Version != SpoolRecord.CurrentVersion)
                {
                    throw new JsonException($"The record's format version is {record.Version}; this build reads {SpoolRecord.CurrentVersion}.");
                }

                records.Add((line, record, null));
            }
            catch (JsonException e)
            {
                records.Add((line, null, e));
            }
            catch (DecoderFallbackException e)
            {
                records.Add((line, null, e));
            }
        }

        return records;
    }

    /// <summary>Deletes a file whose records all reached the store.</summary>
    /// <param name="file">The file.</param>
    public void Delete(string file)
    {
        if (string.Equals(file, _current, StringComparison.Ordinal))
        {
            _current = null;
        }

        File.Delete(file);
        _files.Remove(file);
    }
}
