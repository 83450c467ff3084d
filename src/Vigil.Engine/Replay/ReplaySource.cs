using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Sources;

namespace Vigil.Engine.Replay;

/// <summary>
/// Replays a recorded file, plain or gzip, as ticks, as fast as it is read: long tick files, wide daily files, FRED,
/// Yahoo and NAB series (see <see cref="ReplayFormat"/>). Wrap it in a <see cref="PacedTickSource"/> to pace it in
/// event time. Malformed rows are rejected, counted in <see cref="Summary"/> with their file, line and reason, and
/// skipped; with <see cref="ReplayOptions.Strict"/> the first rejection throws a <see cref="ReplayException"/>.
/// </summary>
/// <remarks>
/// Rows must be in time order. In the long format a row is out of order when it is earlier than the previous
/// accepted row of any symbol, and a duplicate when it repeats the timestamp of the previous accepted row of its own
/// symbol (symbols share timestamps); in the other formats both compare with the previous accepted row. A file that
/// lists rows newest first (as CryptoDataDownload files do) is detected from its first rows, read into memory and
/// replayed from its last line up. Long files are scanned once when opened so that the registry holds every symbol
/// named in the file before the first read. A file that fits in memory (decompressed) is decompressed once into a
/// pooled array that both the scan and the replay read in place; rows are parsed from UTF-8 bytes without allocating.
/// </remarks>
public sealed class ReplaySource : ITickSource
{
    /// <summary>The read buffer for decompressed bytes; it grows when a line is longer.</summary>
    internal const int DefaultBufferBytes = 1 << 18;

    private const int ProbeRows = 64;
    private const int MaxLinesAboveHeader = 8;
    private const int MaxRejectionTextBytes = 200;

    /// <summary>Decompressed files up to this size are read into memory once, for both the scan at open and the replay.</summary>
    internal const int MaxInMemoryBytes = 64 << 20;

    private readonly ReplayLayout _layout;
    private readonly LineSource _lines;
    private readonly FieldSplitter _fields;
    private readonly SymbolTable _symbols;
    private readonly bool _strict;
    private readonly bool _isLong;
    private readonly bool[] _isPrice;
    private readonly long[] _lastNsByInstrument;
    private readonly int _timeColumn;
    private readonly EpochUnit _timeUnit;
    private readonly int _symbolColumn;
    private readonly int _priceColumn;
    private readonly int _volumeColumn;
    private readonly int _bidColumn;
    private readonly int _askColumn;
    private readonly int[] _valueColumns;
    private readonly Tick[] _rowTicks;
    private long _lastRowNs = long.MinValue;
    private int _pendingStart;
    private int _pendingCount;
    private bool _disposed;

    private ReplaySource(
        ReplayLayout layout, LineSource lines, InstrumentRegistry registry, SymbolTable symbols, ReplaySummary summary, bool strict)
    {
        _layout = layout;
        _lines = lines;
        _fields = new FieldSplitter(layout.Columns.Length);
        _symbols = symbols;
        _strict = strict;
        _isLong = layout.Format == ReplayFormat.Long;
        Registry = registry;
        Summary = summary;

        _isPrice = new bool[registry.Count];
        _lastNsByInstrument = new long[registry.Count];
        for (var i = 0; i < registry.Count; i++)
        {
            _isPrice[i] = registry[new InstrumentId(i)].ValueKind == ValueKind.Price;
            _lastNsByInstrument[i] = long.MinValue;
        }

        _timeColumn = layout.TimeColumn;
        _timeUnit = layout.TimeUnit;
        _symbolColumn = layout.SymbolColumn;
        _valueColumns = layout.ValueColumns;
        _priceColumn = _valueColumns[0];
        _volumeColumn = layout.VolumeColumn;
        _bidColumn = layout.BidColumn;
        _askColumn = layout.AskColumn;
        _rowTicks = new Tick[_valueColumns.Length];
    }

    /// <summary>The instruments in the file: every symbol of a long file (in order of first appearance), every value column of a wide file, or the one series.</summary>
    public InstrumentRegistry Registry { get; }

    /// <summary>Counts and rejections so far; final once <see cref="ReadAsync"/> has returned 0.</summary>
    public ReplaySummary Summary { get; }

    /// <summary>The file's format, as given or detected.</summary>
    public ReplayFormat Format => _layout.Format;

    /// <summary>Opens a file; gzip is recognised by a <c>.gz</c> extension or its magic bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to read it.</param>
    /// <exception cref="ReplayException">The format cannot be determined, the header does not fit the format, or (strict) the header has an unknown column.</exception>
    public static ReplaySource Open(string path, ReplayOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        return Open(path, () => OpenFile(path), options, DefaultBufferBytes);
    }

    /// <summary>
    /// Opens a file held elsewhere (in memory, in an archive). <paramref name="openStream"/> is called more than
    /// once, for a fresh stream over the same bytes each time; gzip is recognised by a <c>.gz</c> ending of
    /// <paramref name="name"/> or the magic bytes.
    /// </summary>
    /// <param name="name">The name used in messages and for the default symbol of a single series.</param>
    /// <param name="openStream">Opens the (possibly compressed) bytes from the start.</param>
    /// <param name="options">How to read it.</param>
    /// <exception cref="ReplayException">The format cannot be determined, the header does not fit the format, or (strict) the header has an unknown column.</exception>
    public static ReplaySource Open(string name, Func<Stream> openStream, ReplayOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(openStream);
        ArgumentNullException.ThrowIfNull(options);
        return Open(name, openStream, options, DefaultBufferBytes);
    }

    /// <summary>
    /// Opens with a chosen read-buffer size (tests use tiny ones to split lines across reads) and a chosen limit for
    /// reading the file into memory (0 streams every file).
    /// </summary>
    internal static ReplaySource Open(
        string name, Func<Stream> openStream, ReplayOptions options, int bufferBytes, int maxInMemoryBytes = MaxInMemoryBytes)
    {
        if (!Enum.IsDefined(options.Format))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Format, "Unknown replay format.");
        }

        if (options.MaxRejectionSamples < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxRejectionSamples, "MaxRejectionSamples must be at least 0.");
        }

        if (options.Symbol is not null && string.IsNullOrWhiteSpace(options.Symbol))
        {
            throw new ArgumentException("Symbol must not be blank.", nameof(options));
        }

        var gzip = IsGzip(name, openStream);
        Func<Stream> open = gzip
            ? () => new GZipStream(openStream(), CompressionMode.Decompress, leaveOpen: false)
            : openStream;

        // A file that fits in memory is decompressed once, into a pooled array that the scan at open and the
        // replay both read in place; a longer one is streamed, and read again from the start for the replay.
        var raw = openStream();
        Stream first;
        long lengthHint;
        try
        {
            lengthHint = FileContent.LengthHint(raw, gzip);
            first = gzip ? new GZipStream(raw, CompressionMode.Decompress, leaveOpen: false) : raw;
        }
        catch
        {
            raw.Dispose();
            throw;
        }

        var streamed = FileContent.ReadAll(first, lengthHint, maxInMemoryBytes, out var content, out var contentLength);
        var registry = new InstrumentRegistry();
        var symbols = new SymbolTable();
        ReplayLayout layout;
        long headerLine;
        bool newestFirst;
        try
        {
            using var probe = content is not null
                ? new MemoryLineSource(content, contentLength, ownsContent: false)
                : (LineSource)new StreamLineSource(streamed!, bufferBytes);
            (var columns, headerLine) = ReadHeader(name, probe);
            var rows = ReadRows(probe, ProbeRows);
            var firstField = ReadOnlySpan<byte>.Empty;
            if (rows.Count > 0)
            {
                var splitter = new FieldSplitter(columns.Length);
                var first0 = rows[0];
                var comma = first0.AsSpan().IndexOf((byte)',');
                firstField = splitter.Split(first0) ? splitter.Field(first0, 0) : first0.AsSpan(0, comma < 0 ? first0.Length : comma);
            }

            layout = ReplayLayout.Create(name, headerLine, columns, firstField, options);
            newestFirst = IsNewestFirst(layout, rows);
            var kind = layout.DefaultValueKind(options);
            if (layout.Format == ReplayFormat.Long)
            {
                RegisterSymbols(layout, rows, probe, registry, symbols, s => options.SpecFor(s, kind));
            }
            else
            {
                foreach (var symbol in layout.ValueSymbols)
                {
                    registry.Add(options.SpecFor(symbol, kind));
                }
            }
        }
        catch
        {
            if (content is not null)
            {
                ArrayPool<byte>.Shared.Return(content);
            }

            throw;
        }

        LineSource lines;
        if (newestFirst)
        {
            if (content is not null)
            {
                lines = ReverseLineSource.Load(new MemoryStream(content, 0, contentLength, writable: false), headerLine + 1);
                ArrayPool<byte>.Shared.Return(content);
            }
            else
            {
                lines = ReverseLineSource.Load(open(), headerLine + 1);
            }
        }
        else
        {
            lines = content is not null
                ? new MemoryLineSource(content, contentLength, ownsContent: true)
                : new StreamLineSource(open(), bufferBytes);
            for (var i = 0L; i < headerLine; i++)
            {
                lines.ReadLineBlocking(out _, out _);
            }
        }

        var summary = new ReplaySummary(name, layout.Format, newestFirst, options.MaxRejectionSamples);
        var source = new ReplaySource(layout, lines, registry, symbols, summary, options.Strict);
        try
        {
            foreach (var column in layout.UnknownColumns)
            {
                source.Reject(RejectReason.UnknownColumn, headerLine, column, Encoding.UTF8.GetBytes(layout.Columns[column]));
            }
        }
        catch
        {
            lines.Dispose();
            throw;
        }

        return source;
    }

    /// <inheritdoc />
    public ValueTask<int> ReadAsync(Memory<Tick> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            ThrowEmptyBuffer();
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        int written;
        try
        {
            written = Fill(buffer.Span);
        }
        catch (ReplayException exception)
        {
            return ValueTask.FromException<int>(exception);
        }

        return written > 0 || _lines.IsAtEnd ? new ValueTask<int>(written) : ReadMoreAsync(buffer, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _lines.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask<int> ReadMoreAsync(Memory<Tick> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            await _lines.FillAsync(cancellationToken);
            var written = Fill(buffer.Span);
            if (written > 0 || _lines.IsAtEnd)
            {
                return written;
            }
        }
    }

    /// <summary>Parses the lines already buffered into <paramref name="destination"/>, until it is full or a read is needed.</summary>
    private int Fill(Span<Tick> destination)
    {
        var written = 0;
        if (_pendingCount > 0)
        {
            written = TakePending(destination);
        }

        var rows = 0L;
        try
        {
            while (written < destination.Length && _lines.TryReadLine(out var line, out var lineNumber))
            {
                if (line.IsEmpty)
                {
                    continue;
                }

                rows++;
                if (_isLong)
                {
                    if (TryParseLongRow(line, lineNumber, out destination[written]))
                    {
                        written++;
                    }
                }
                else if (destination.Length - written >= _rowTicks.Length)
                {
                    written += ParseSeriesRow(line, lineNumber, destination[written..]);
                }
                else
                {
                    // Too little room for a whole row: keep what does not fit for the next read.
                    _pendingStart = 0;
                    _pendingCount = ParseSeriesRow(line, lineNumber, _rowTicks);
                    written += TakePending(destination[written..]);
                }
            }
        }
        finally
        {
            // Counted even when a strict rejection ends the run, so the summary shows how far it got.
            Summary.RowsRead += rows;
            Summary.TicksEmitted += written;
        }

        return written;
    }

    private int TakePending(Span<Tick> destination)
    {
        var n = Math.Min(_pendingCount, destination.Length);
        _rowTicks.AsSpan(_pendingStart, n).CopyTo(destination);
        _pendingStart += n;
        _pendingCount -= n;
        return n;
    }

    /// <summary>Parses one long-format row into <paramref name="tick"/>; false when it is rejected or its price is missing.</summary>
    private bool TryParseLongRow(ReadOnlySpan<byte> line, long lineNumber, out Tick tick)
    {
        tick = default;
        var fields = _fields;
        if (!fields.Split(line))
        {
            return Reject(RejectReason.WrongFieldCount, lineNumber, -1, line);
        }

        var timeText = fields.Field(line, _timeColumn);
        if (!TimestampParser.TryParse(timeText, _timeUnit, out var timestampNs))
        {
            return Reject(RejectReason.BadTimestamp, lineNumber, _timeColumn, timeText);
        }

        var symbolText = fields.Field(line, _symbolColumn);
        var id = _symbols.Find(symbolText);
        if (id < 0)
        {
            return Reject(RejectReason.UnknownSymbol, lineNumber, _symbolColumn, symbolText);
        }

        if (timestampNs < _lastRowNs)
        {
            return Reject(RejectReason.OutOfOrder, lineNumber, _timeColumn, timeText);
        }

        if (timestampNs == _lastNsByInstrument[id])
        {
            return Reject(RejectReason.DuplicateTimestamp, lineNumber, _timeColumn, timeText);
        }

        var priceText = fields.Field(line, _priceColumn);
        if (FieldSplitter.IsMissing(priceText))
        {
            Summary.MissingValues++;
            _lastRowNs = timestampNs;
            _lastNsByInstrument[id] = timestampNs;
            return false;
        }

        if (!TryReadValue(priceText, _isPrice[id], lineNumber, _priceColumn, out var price))
        {
            return false;
        }

        var volume = 0.0;
        if (_volumeColumn >= 0 && !TryReadVolume(fields.Field(line, _volumeColumn), lineNumber, out volume))
        {
            return false;
        }

        var bid = double.NaN;
        var ask = double.NaN;
        if (_bidColumn >= 0 && !TryReadQuote(fields.Field(line, _bidColumn), _isPrice[id], lineNumber, _bidColumn, out bid))
        {
            return false;
        }

        if (_askColumn >= 0 && !TryReadQuote(fields.Field(line, _askColumn), _isPrice[id], lineNumber, _askColumn, out ask))
        {
            return false;
        }

        _lastRowNs = timestampNs;
        _lastNsByInstrument[id] = timestampNs;
        tick = new Tick(new InstrumentId(id), timestampNs, price, volume, bid, ask);
        return true;
    }

    /// <summary>Parses one row of a wide, FRED, NAB or Yahoo file: one tick per present, valid value column.</summary>
    private int ParseSeriesRow(ReadOnlySpan<byte> line, long lineNumber, Span<Tick> destination)
    {
        var fields = _fields;
        if (!fields.Split(line))
        {
            Reject(RejectReason.WrongFieldCount, lineNumber, -1, line);
            return 0;
        }

        var timeText = fields.Field(line, _timeColumn);
        if (!TimestampParser.TryParse(timeText, _timeUnit, out var timestampNs))
        {
            Reject(RejectReason.BadTimestamp, lineNumber, _timeColumn, timeText);
            return 0;
        }

        if (timestampNs <= _lastRowNs)
        {
            Reject(timestampNs == _lastRowNs ? RejectReason.DuplicateTimestamp : RejectReason.OutOfOrder, lineNumber, _timeColumn, timeText);
            return 0;
        }

        var volume = 0.0;
        if (_volumeColumn >= 0 && !TryReadVolume(fields.Field(line, _volumeColumn), lineNumber, out volume))
        {
            return 0;
        }

        var count = 0;
        var rejected = false;
        var columns = _valueColumns;
        for (var k = 0; k < columns.Length; k++)
        {
            var text = fields.Field(line, columns[k]);
            if (FieldSplitter.IsMissing(text))
            {
                Summary.MissingValues++;
            }
            else if (TryReadValue(text, _isPrice[k], lineNumber, columns[k], out var value))
            {
                destination[count++] = new Tick(new InstrumentId(k), timestampNs, value, volume);
            }
            else
            {
                rejected = true;
            }
        }

        // A row counts as seen unless everything it held was rejected, so a corrected repeat of it is kept.
        if (count > 0 || !rejected)
        {
            _lastRowNs = timestampNs;
        }

        return count;
    }

    private bool TryReadValue(ReadOnlySpan<byte> text, bool isPrice, long lineNumber, int column, out double value)
    {
        if (!NumberParser.TryParse(text, out value))
        {
            return Reject(RejectReason.BadNumber, lineNumber, column, text);
        }

        if (!double.IsFinite(value))
        {
            return Reject(RejectReason.NotFinite, lineNumber, column, text);
        }

        if (isPrice && value <= 0)
        {
            return Reject(RejectReason.NonPositivePrice, lineNumber, column, text);
        }

        return true;
    }

    private bool TryReadQuote(ReadOnlySpan<byte> text, bool isPrice, long lineNumber, int column, out double value)
    {
        if (FieldSplitter.IsMissing(text))
        {
            value = double.NaN;
            return true;
        }

        return TryReadValue(text, isPrice, lineNumber, column, out value);
    }

    private bool TryReadVolume(ReadOnlySpan<byte> text, long lineNumber, out double volume)
    {
        if (FieldSplitter.IsMissing(text))
        {
            volume = 0;
            return true;
        }

        if (!NumberParser.TryParse(text, out volume))
        {
            return Reject(RejectReason.BadNumber, lineNumber, _volumeColumn, text);
        }

        if (!double.IsFinite(volume))
        {
            return Reject(RejectReason.NotFinite, lineNumber, _volumeColumn, text);
        }

        if (volume < 0)
        {
            return Reject(RejectReason.NegativeVolume, lineNumber, _volumeColumn, text);
        }

        return true;
    }

    /// <summary>Counts a rejection, keeps its details while samples are wanted, and throws in strict mode.</summary>
    /// <returns>Always false, so callers can <c>return Reject(...)</c>.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Reject(RejectReason reason, long lineNumber, int column, ReadOnlySpan<byte> text)
    {
        var keep = Summary.Count(reason);
        if (keep || _strict)
        {
            var shown = text.Length > MaxRejectionTextBytes ? text[..MaxRejectionTextBytes] : text;
            var rejection = new ReplayRejection(
                Summary.FilePath, lineNumber, reason, column < 0 ? null : _layout.Columns[column], Encoding.UTF8.GetString(shown));
            if (keep)
            {
                Summary.AddSample(rejection);
            }

            if (_strict)
            {
                throw new ReplayException(rejection);
            }
        }

        return false;
    }

    private static FileStream OpenFile(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);

    private static bool IsGzip(string name, Func<Stream> openStream)
    {
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        using var stream = openStream();
        Span<byte> magic = stackalloc byte[2];
        return stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    /// <summary>Finds the header: the first line with a comma, below at most a few lines of preamble (a URL, a title).</summary>
    private static (string[] Columns, long LineNumber) ReadHeader(string name, LineSource lines)
    {
        long linesRead = 0;
        while (linesRead <= MaxLinesAboveHeader && lines.ReadLineBlocking(out var line, out var lineNumber))
        {
            linesRead = lineNumber;
            if (line.IndexOf((byte)',') < 0)
            {
                continue;
            }

            var columns = Encoding.UTF8.GetString(line).Split(',');
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = columns[i].Trim().Trim('"').Trim();
            }

            return (columns, lineNumber);
        }

        throw new ReplayException(linesRead == 0
            ? $"{name}: the file is empty."
            : $"{name}: no header line (comma-separated column names) in the first {MaxLinesAboveHeader + 1} lines.");
    }

    /// <summary>Copies up to <paramref name="count"/> non-empty lines.</summary>
    private static List<byte[]> ReadRows(LineSource lines, int count)
    {
        var rows = new List<byte[]>(count);
        while (rows.Count < count && lines.ReadLineBlocking(out var line, out _))
        {
            if (!line.IsEmpty)
            {
                rows.Add(line.ToArray());
            }
        }

        return rows;
    }

    /// <summary>Whether the first rows mostly step back in time: a newest-first file.</summary>
    private static bool IsNewestFirst(ReplayLayout layout, List<byte[]> rows)
    {
        var splitter = new FieldSplitter(layout.Columns.Length);
        var forward = 0;
        var backward = 0;
        var previous = 0L;
        var hasPrevious = false;
        foreach (var row in rows)
        {
            if (!splitter.Split(row) || !TimestampParser.TryParse(splitter.Field(row, layout.TimeColumn), layout.TimeUnit, out var timestampNs))
            {
                continue;
            }

            if (hasPrevious)
            {
                forward += timestampNs > previous ? 1 : 0;
                backward += timestampNs < previous ? 1 : 0;
            }

            previous = timestampNs;
            hasPrevious = true;
        }

        return backward > forward;
    }

    /// <summary>
    /// Registers every symbol of a long file, in order of first appearance, reading the rest of the probe (a file in
    /// memory by a vector scan of its bytes).
    /// </summary>
    private static void RegisterSymbols(
        ReplayLayout layout, List<byte[]> rows, LineSource probe, InstrumentRegistry registry, SymbolTable symbols, Func<string, InstrumentSpec> specFor)
    {
        var splitter = new FieldSplitter(layout.Columns.Length);
        foreach (var row in rows)
        {
            Register(row);
        }

        if (probe is MemoryLineSource memory)
        {
            SymbolScan.ForEachUnknown(memory.Remaining, layout.Columns.Length, layout.SymbolColumn, symbols, symbol => Add(symbol));
            return;
        }

        while (probe.ReadLineBlocking(out var line, out _))
        {
            Register(line);
        }

        void Register(ReadOnlySpan<byte> line)
        {
            // Rows the main pass rejects before looking at the symbol register nothing.
            if (line.IsEmpty || !splitter.Split(line))
            {
                return;
            }

            Add(splitter.Field(line, layout.SymbolColumn));
        }

        void Add(ReadOnlySpan<byte> symbol)
        {
            if (symbol.IsEmpty || symbols.Find(symbol) >= 0 || !Utf8.IsValid(symbol))
            {
                return;
            }

            var instrument = registry.GetOrAdd(Encoding.UTF8.GetString(symbol), specFor);
            symbols.Add(symbol, instrument.Id.Value);
        }
    }

    [DoesNotReturn]
    private static void ThrowEmptyBuffer() =>
        throw new ArgumentException("The buffer must hold at least one tick.", "buffer");
}
