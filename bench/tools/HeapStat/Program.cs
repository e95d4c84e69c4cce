using Graphs;

// `HeapStat FILE.gcdump`: one line per type, "total-bytes count type", largest first, after a
// first line with the heap's total bytes. bench/tools/heap-diff.py compares two of these.
// `HeapStat FILE.gcdump --parents TYPE [MIN-BYTES]`: which types refer to objects of TYPE (exact name, size
// buckets included), with how many references and the referred bytes: who keeps them.
// `HeapStat FILE.gcdump --sizes TYPE`: object count per size for types starting with TYPE.
var graph = new GCHeapDump(args[0]).MemoryGraph;
var typeStorage = graph.AllocTypeNodeStorage();
string TypeName(NodeTypeIndex index) => graph.GetType(index, typeStorage).Name;

if (args.Length > 2 && args[1] == "--parents")
{
    var target = args[2];
    var minimumSize = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0;
    var byParent = new Dictionary<string, (int Count, long Bytes)>();
    var node = graph.AllocNodeStorage();
    var child = graph.AllocNodeStorage();
    for (var index = (NodeIndex)0; index < graph.NodeIndexLimit; index++)
    {
        graph.GetNode(index, node);
        for (var c = node.GetFirstChildIndex(); c != NodeIndex.Invalid; c = node.GetNextChildIndex())
        {
            graph.GetNode(c, child);
            var childType = TypeName(child.TypeIndex);
            if ((childType != target && !childType.StartsWith(target + " (Bytes", StringComparison.Ordinal)) || child.Size < minimumSize)
                continue;
            var parent = TypeName(node.TypeIndex);
            var (count, bytes) = byParent.GetValueOrDefault(parent);
            byParent[parent] = (count + 1, bytes + child.Size);
        }
    }
    foreach (var (parent, (count, bytes)) in byParent.OrderByDescending(p => p.Value.Bytes).Take(30))
        Console.WriteLine($"{bytes} {count} {parent}");
    return;
}

if (args.Length > 2 && args[1] == "--sizes")
{
    // How many objects of TYPE there are of each size: tells per-circuit copies from shared ones.
    var node = graph.AllocNodeStorage();
    var bySize = new SortedDictionary<int, int>();
    for (var index = (NodeIndex)0; index < graph.NodeIndexLimit; index++)
    {
        graph.GetNode(index, node);
        if (TypeName(node.TypeIndex).StartsWith(args[2], StringComparison.Ordinal))
            bySize[node.Size] = bySize.GetValueOrDefault(node.Size) + 1;
    }
    foreach (var (size, count) in bySize.Reverse())
        Console.WriteLine($"{size} {count}");
    return;
}

Console.WriteLine($"{graph.TotalSize} total");
foreach (var entry in graph.GetHistogramByType().Where(e => e.Count > 0).OrderByDescending(e => e.Size))
    Console.WriteLine($"{entry.Size} {entry.Count} {TypeName(entry.TypeIdx)}");
