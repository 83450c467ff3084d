using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Vigil.Detection.CrossAsset;

namespace Vigil.Detection.Models;

/// <summary>
/// The frame around every binary model file (the Isolation Forest's <c>VIGIL-IF</c>, the autoencoder's
/// <c>VIGIL-AE</c>): an 8-byte magic, a 4-byte format version, the payload's 8-byte length, the payload, and an
/// FNV-1a 64-bit checksum of everything before it, all little-endian. Reading checks each in turn, so a file of the
/// wrong kind, a newer format, a truncated copy or a flipped bit is refused with the reason.
/// </summary>
internal static class ModelFileFrame
{
    /// <summary>Magic, version and payload length.</summary>
    public const int HeaderLength = 20;

    /// <summary>The checksum after the payload.</summary>
    public const int ChecksumLength = 8;

    /// <summary>Frames <paramref name="payload"/>'s written bytes.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> magic, uint version, MemoryStream payload)
    {
        var payloadLength = (int)payload.Length;
        var file = new byte[HeaderLength + payloadLength + ChecksumLength];
        magic.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), version);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(12), payloadLength);
        payload.GetBuffer().AsSpan(0, payloadLength).CopyTo(file.AsSpan(HeaderLength));
        var checksum = Fnv1a64.Hash(file.AsSpan(0, HeaderLength + payloadLength));
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(HeaderLength + payloadLength), checksum);
        return file;
    }

    /// <summary>The payload of a file read by <see cref="Read"/>.</summary>
    public static ReadOnlySpan<byte> PayloadOf(byte[] file) => file.AsSpan(HeaderLength, file.Length - HeaderLength - ChecksumLength);

    /// <summary>Reads the header, then exactly the payload and checksum it announces; checks magic, version, length and checksum.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="magic">The magic the kind of model starts with.</param>
    /// <param name="version">The only format version this build reads.</param>
    /// <param name="kind">The model's readable name, for the error when the magic is wrong (for example "Isolation Forest").</param>
    public static byte[] Read(Stream stream, ReadOnlySpan<byte> magic, uint version, string kind)
    {
        var header = new byte[HeaderLength];
        var got = stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        if (got == 0)
        {
            throw new InvalidDataException("The model file is empty.");
        }

        if (!header.AsSpan(0, Math.Min(got, magic.Length)).SequenceEqual(magic[..Math.Min(got, magic.Length)]))
        {
            throw new InvalidDataException($"This is not a Vigil {kind} model file (its first bytes are not '{Encoding.ASCII.GetString(magic)}').");
        }

        if (got < HeaderLength)
        {
            throw new InvalidDataException($"The model file is truncated: its header needs {HeaderLength} bytes but the file has {got}.");
        }

        var fileVersion = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        if (fileVersion != version)
        {
            throw new InvalidDataException(
                $"The model file has format version {fileVersion}; this build reads version {version} only. Retrain or convert the model.");
        }

        var payloadLength = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(12));
        if (payloadLength < 0 || payloadLength > Array.MaxLength - HeaderLength - ChecksumLength)
        {
            throw new InvalidDataException($"The model file is corrupt: its header announces a payload of {payloadLength} bytes.");
        }

        // The buffer grows with the bytes actually read, so a corrupt length cannot make it allocate gigabytes up front.
        var total = HeaderLength + (int)payloadLength + ChecksumLength;
        var file = new byte[Math.Min(total, 1 << 20)];
        header.CopyTo(file, 0);
        var filled = HeaderLength;
        while (filled < total)
        {
            if (filled == file.Length)
            {
                Array.Resize(ref file, (int)Math.Min(total, 2L * file.Length));
            }

            var read = stream.Read(file, filled, file.Length - filled);
            if (read == 0)
            {
                throw new InvalidDataException($"The model file is truncated: its header announces {total} bytes but the file has {filled}.");
            }

            filled += read;
        }

        var stored = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(total - ChecksumLength));
        var computed = Fnv1a64.Hash(file.AsSpan(0, total - ChecksumLength));
        if (stored != computed)
        {
            throw new InvalidDataException($"The model file is corrupt: its checksum is {stored:X16} but its contents hash to {computed:X16}.");
        }

        return file;
    }

    /// <summary>Throws the error for a payload that does not hold a valid model.</summary>
    [DoesNotReturn]
    public static void ThrowCorrupt(string reason) => throw new InvalidDataException($"The model file is corrupt: {reason}.");
}

/// <summary>Reads little-endian values from a model file's payload, refusing to read past its end.</summary>
internal ref struct ModelPayloadReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    public readonly int Remaining => _payload.Length - _position;

    public int ReadInt32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

    public long ReadInt64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    public double ReadDouble(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));

    public byte ReadByte(string what) => Take(1, what)[0];

    public string ReadUtf8(int length, string what)
    {
        var bytes = Take(length, what);
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"The model file is corrupt: {what} at payload byte {_position - length} is not valid UTF-8.", e);
        }
    }

    private ReadOnlySpan<byte> Take(int length, string what)
    {
        if (length > Remaining)
        {
            ModelFileFrame.ThrowCorrupt($"{what} at payload byte {_position} runs past the end of the payload");
        }

        var slice = _payload.Slice(_position, length);
        _position += length;
        return slice;
    }
}
