using System.Buffers.Binary;
using System.Text;

namespace SmtpPortal.Bench.Infrastructure;

/// <summary>An element a render batch (re)created, with its attributes and event handler ids.</summary>
public sealed record RenderedElement(
    string Name, IReadOnlyDictionary<string, string?> Attributes, IReadOnlyDictionary<string, ulong> EventHandlers);

/// <summary>What the bench needs from a render batch: the elements it added (to find the handler
/// id of the element to click) and the event handler ids it disposed (to notice that it changed).</summary>
public sealed record RenderBatchSummary(
    int UpdatedComponents, IReadOnlyList<RenderedElement> Elements, IReadOnlyList<ulong> DisposedEventHandlerIds);

/// <summary>
/// Reads the binary render batch that Blazor Server sends with <c>JS.RenderBatch</c> (written by the
/// framework's RenderBatchWriter, read in the browser by blazor.web.js's OutOfProcessRenderBatch).
/// Layout: the sections, then five little-endian int32s at the very end giving where each starts —
/// updated components, reference frames, disposed component ids, disposed event handler ids, string
/// table. Each section is an int32 count and fixed-size entries; a reference frame is 20 bytes: its
/// type, then 16 bytes whose meaning depends on the type. Strings are indexes into the string table,
/// whose entries point at BinaryWriter strings (LEB128 length, UTF-8), -1 meaning null.
/// Only reference frames and disposed handler ids are read: a click target is an element frame whose
/// attribute frames (inside its subtree) carry the identifying attribute and the event handler.
/// </summary>
public static class RenderBatchReader
{
    private const int FrameLength = 20;
    private const int ElementFrame = 1;
    private const int AttributeFrame = 3;

    public static RenderBatchSummary Read(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < 20)
            throw new InvalidDataException($"A render batch of {batch.Length} bytes has no section table.");
        var tail = batch.Length - 20;
        var updatedComponents = Int32(batch, tail);
        var referenceFrames = Int32(batch, tail + 4);
        var disposedHandlers = Int32(batch, tail + 12);
        var stringTable = Int32(batch, tail + 16);

        var frameCount = Int32(batch, referenceFrames);
        var elements = new List<RenderedElement>();
        for (var index = 0; index < frameCount; index++)
        {
            var frame = referenceFrames + 4 + (index * FrameLength);
            if (Int32(batch, frame) != ElementFrame)
                continue;
            var subtreeEnd = index + Int32(batch, frame + 4);
            var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
            var handlers = new Dictionary<string, ulong>(StringComparer.Ordinal);
            // Attribute frames come first in an element's subtree, right after the element frame.
            for (var next = index + 1; next < subtreeEnd && next < frameCount; next++)
            {
                var attribute = referenceFrames + 4 + (next * FrameLength);
                if (Int32(batch, attribute) != AttributeFrame)
                    break;
                var name = String(batch, stringTable, Int32(batch, attribute + 4)) ?? "";
                var handlerId = BinaryPrimitives.ReadUInt64LittleEndian(batch[(attribute + 12)..]);
                if (handlerId != 0)
                    handlers[name] = handlerId;
                else
                    attributes[name] = String(batch, stringTable, Int32(batch, attribute + 8));
            }
            elements.Add(new RenderedElement(String(batch, stringTable, Int32(batch, frame + 8)) ?? "", attributes, handlers));
        }

        var disposedCount = Int32(batch, disposedHandlers);
        var disposed = new List<ulong>(disposedCount);
        for (var index = 0; index < disposedCount; index++)
            disposed.Add(BinaryPrimitives.ReadUInt64LittleEndian(batch[(disposedHandlers + 4 + (index * 8))..]));

        return new RenderBatchSummary(Int32(batch, updatedComponents), elements, disposed);
    }

    private static int Int32(ReadOnlySpan<byte> batch, int position) =>
        BinaryPrimitives.ReadInt32LittleEndian(batch[position..]);

    private static string? String(ReadOnlySpan<byte> batch, int stringTable, int index)
    {
        if (index == -1)
            return null;
        var position = Int32(batch, stringTable + (index * 4));
        var length = 0;
        var shift = 0;
        byte part;
        do
        {
            part = batch[position++];
            length |= (part & 0x7F) << shift;
            shift += 7;
        }
        while ((part & 0x80) != 0);
        return Encoding.UTF8.GetString(batch.Slice(position, length));
    }
}
