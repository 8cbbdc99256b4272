using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Informers;

/// <summary>
/// A cached object kept as Brotli-compressed JSON and read back into a new object on every read. As objects, the children
/// of a thousand apps were most of the operator's memory, about twice their JSON; compressed, a child takes a few hundred
/// bytes to two KB. A read costs a decode of tens of microseconds, which a reconcile pays for the few children of its own
/// app; the primaries, which metrics list whole at each scrape, stay objects (compressed, they took 5 KB less per app
/// and the process more memory, spent on decoding every app at each scrape: bench/README.md).
/// </summary>
internal sealed class CompressedCopy<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Brotli's quality 5 and a 64 KiB window: most of the ratio of the best settings at a fraction of their time.</summary>
    private const int Quality = 5;
    private const int Window = 16;

    private readonly byte[] compressed;
    private readonly int length;

    private CompressedCopy(byte[] compressed, int length, string? resourceVersion)
    {
        this.compressed = compressed;
        this.length = length;
        ResourceVersion = resourceVersion;
    }

    public string? ResourceVersion { get; }

    /// <summary>The compressed bytes it holds.</summary>
    public int CompressedLength => compressed.Length;

    public static CompressedCopy<T> Of(T obj)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(obj, ModelJson.Options.GetTypeInfo(typeof(T)));
        var buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(json.Length));
        try
        {
            return BrotliEncoder.TryCompress(json, buffer, out var written, Quality, Window)
                ? new CompressedCopy<T>(buffer.AsSpan(0, written).ToArray(), json.Length, obj.Metadata?.ResourceVersion)
                : throw new InvalidOperationException($"A {typeof(T).Name} of {json.Length} bytes of JSON did not fit Brotli's own bound.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public T Decode()
    {
        var json = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (!BrotliDecoder.TryDecompress(compressed, json, out var written) || written != length)
            {
                throw new InvalidDataException($"A cached {typeof(T).Name} did not decompress to its {length} bytes of JSON.");
            }

            return JsonSerializer.Deserialize(json.AsSpan(0, length), BoundedJson.Options.GetTypeInfo(typeof(T))) as T
                ?? throw new JsonException($"The JSON of a cached {typeof(T).Name} was null.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(json);
        }
    }
}
