using System.Buffers.Binary;
using System.Text;

namespace SmtpPortal.Bench.Infrastructure;

/// <summary>An element a render batch (re)created, with its attributes and event handler ids.</summary>
public sealed record RenderedElement(
    string Name, IReadOnlyDictionary<string, string?> Attributes, IReadOnlyDictionary<string, ulong> EventHandlers);

/// <summary>One thing a render batch did that can move a click target's event handler id, in the
/// order the batch did it: a component inserted <see cref="Inserted"/>, or it gave an existing
/// element's event attribute <see cref="HandlerName"/> the new id <see cref="HandlerId"/>.</summary>
public sealed record RenderChange(int ComponentId, RenderedElement? Inserted, string? HandlerName, ulong HandlerId);

/// <summary>What the bench needs from a render batch: how many components it updated, what its
/// edits did to elements and event handlers, in order, and the event handler ids it disposed.</summary>
public sealed record RenderBatchSummary(
    int UpdatedComponents, IReadOnlyList<RenderChange> Changes, IReadOnlyList<ulong> DisposedEventHandlerIds);

/// <summary>
/// Reads the binary render batch that Blazor Server sends with <c>JS.RenderBatch</c> (written by the
/// framework's RenderBatchWriter, read in the browser by blazor.web.js's OutOfProcessRenderBatch).
/// Layout: the sections, then five little-endian int32s at the very end giving where each starts —
/// updated components, reference frames, disposed component ids, disposed event handler ids, string
/// table. The updated components section is an int32 count and the position of each diff; a diff is
/// its component id, an edit count and 16-byte edits (type, sibling index, reference frame index,
/// removed attribute name). The other sections are an int32 count and fixed-size entries; a reference
/// frame is 20 bytes: its type, then 16 bytes whose meaning depends on the type. Strings are indexes
/// into the string table, whose entries point at BinaryWriter strings (LEB128 length, UTF-8), -1 null.
/// Edits are read in order because one batch can insert an element and then, when its component
/// renders again before the batch is sent, replace that element's handler with a SetAttribute edit
/// and dispose the first id: the element frames alone would leave a client clicking a dead id.
/// </summary>
public static class RenderBatchReader
{
    private const int FrameLength = 20;
    private const int EditLength = 16;
    private const int PrependFrameEdit = 1;
    private const int SetAttributeEdit = 3;
    private const int ElementFrame = 1;
    private const int AttributeFrame = 3;
    private const int ComponentFrame = 4;
    private const int RegionFrame = 5;

    public static RenderBatchSummary Read(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < 20)
            throw new InvalidDataException($"A render batch of {batch.Length} bytes has no section table.");
        var tail = batch.Length - 20;
        var updatedComponents = Int32(batch, tail);
        var frames = new Frames(Int32(batch, tail + 4), Int32(batch, tail + 16));
        var disposedHandlers = Int32(batch, tail + 12);

        var changes = new List<RenderChange>();
        var diffCount = Int32(batch, updatedComponents);
        for (var diffIndex = 0; diffIndex < diffCount; diffIndex++)
        {
            var diff = Int32(batch, updatedComponents + 4 + (diffIndex * 4));
            var componentId = Int32(batch, diff);
            var editCount = Int32(batch, diff + 4);
            for (var editIndex = 0; editIndex < editCount; editIndex++)
            {
                var edit = diff + 8 + (editIndex * EditLength);
                var frameIndex = Int32(batch, edit + 8);
                switch (Int32(batch, edit))
                {
                    case PrependFrameEdit:
                        foreach (var element in frames.ElementsIn(batch, frameIndex))
                            changes.Add(new RenderChange(componentId, element, null, 0));
                        break;
                    case SetAttributeEdit when frames.Type(batch, frameIndex) == AttributeFrame:
                        var (name, _, handlerId) = frames.Attribute(batch, frameIndex);
                        if (handlerId != 0)
                            changes.Add(new RenderChange(componentId, null, name, handlerId));
                        break;
                }
            }
        }

        var disposedCount = Int32(batch, disposedHandlers);
        var disposed = new List<ulong>(disposedCount);
        for (var index = 0; index < disposedCount; index++)
            disposed.Add(BinaryPrimitives.ReadUInt64LittleEndian(batch[(disposedHandlers + 4 + (index * 8))..]));

        return new RenderBatchSummary(diffCount, changes, disposed);
    }

    /// <summary>The reference frames section and the string table its frames point into.</summary>
    private readonly record struct Frames(int Start, int StringTable)
    {
        private int Position(int index) => Start + 4 + (index * FrameLength);

        public int Type(ReadOnlySpan<byte> batch, int index) => Int32(batch, Position(index));

        public (string Name, string? Value, ulong HandlerId) Attribute(ReadOnlySpan<byte> batch, int index)
        {
            var frame = Position(index);
            return (String(batch, StringTable, Int32(batch, frame + 4)) ?? "",
                String(batch, StringTable, Int32(batch, frame + 8)),
                BinaryPrimitives.ReadUInt64LittleEndian(batch[(frame + 12)..]));
        }

        /// <summary>Every element in the subtree a PrependFrame edit inserts (an element or a region
        /// spans its subtree length; other frames stand alone).</summary>
        public List<RenderedElement> ElementsIn(ReadOnlySpan<byte> batch, int first)
        {
            var type = Type(batch, first);
            var end = type is ElementFrame or RegionFrame or ComponentFrame
                ? first + Int32(batch, Position(first) + 4)
                : first + 1;
            var elements = new List<RenderedElement>();
            for (var index = first; index < end; index++)
            {
                if (Type(batch, index) != ElementFrame)
                    continue;
                var subtreeEnd = index + Int32(batch, Position(index) + 4);
                var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
                var handlers = new Dictionary<string, ulong>(StringComparer.Ordinal);
                // Attribute frames come first in an element's subtree, right after the element frame.
                for (var next = index + 1; next < subtreeEnd && Type(batch, next) == AttributeFrame; next++)
                {
                    var (name, value, handlerId) = Attribute(batch, next);
                    if (handlerId != 0)
                        handlers[name] = handlerId;
                    else
                        attributes[name] = value;
                }
                elements.Add(new RenderedElement(String(batch, StringTable, Int32(batch, Position(index) + 8)) ?? "", attributes, handlers));
            }
            return elements;
        }
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
