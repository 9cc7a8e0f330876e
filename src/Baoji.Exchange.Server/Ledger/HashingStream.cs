using System.Security.Cryptography;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// Passes a stream through, hashing (SHA-256) and counting what is read, and throws <paramref name="tooLarge"/>'s
/// exception instead of reading past <paramref name="maxBytes"/>: an upload is checked while it streams to storage.
/// <paramref name="prefix"/> comes first: the bytes the caller read ahead (a file signature) before it streamed the rest.
/// </summary>
internal sealed class HashingStream(ReadOnlyMemory<byte> prefix, Stream inner, long maxBytes, Func<Exception> tooLarge) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private ReadOnlyMemory<byte> _prefix = prefix;

    public long BytesRead { get; private set; }

    public string Sha256() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(buffer[..(FromPrefix(buffer) ?? inner.Read(buffer))]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = FromPrefix(buffer.Span) ?? await inner.ReadAsync(buffer, cancellationToken);
        return Count(buffer.Span[..read]);
    }

    private int? FromPrefix(Span<byte> buffer)
    {
        if (_prefix.IsEmpty || buffer.IsEmpty)
        {
            return null;
        }

        var n = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..n].CopyTo(buffer);
        _prefix = _prefix[n..];
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(ReadOnlySpan<byte> read)
    {
        BytesRead += read.Length;
        if (BytesRead > maxBytes)
        {
            throw tooLarge();
        }

        _hash.AppendData(read);
        return read.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
