"""Diffs two HeapStat outputs ("bytes count type" lines): live bytes and objects per type, per
added circuit. Size buckets of one type ("(Bytes > 1K)") merge."""
import re, sys

BUCKET = re.compile(r"\s+\(Bytes > [^)]*\)$")

def read(path):
    lines = open(path).read().splitlines()
    total = int(lines[0].split()[0])
    types = {}
    for line in lines[1:]:
        size, count, name = line.split(" ", 2)
        name = BUCKET.sub("", name)
        b, c = types.get(name, (0, 0))
        types[name] = (b + int(size), c + int(count))
    return total, types

one_total, one = read(sys.argv[1])
all_total, every = read(sys.argv[2])
added = int(sys.argv[3])
top = int(sys.argv[4]) if len(sys.argv) > 4 else 45
print(f"live heap {one_total/1024:.0f} KB -> {all_total/1024:.0f} KB: {(all_total-one_total)/1024/added:.1f} KB per added circuit")
rows = []
for name in set(one) | set(every):
    b1, c1 = one.get(name, (0, 0)); b2, c2 = every.get(name, (0, 0))
    rows.append(((b2 - b1) / added, (c2 - c1) / added, name))
rows.sort(reverse=True)
print(f"{'bytes/circuit':>14} {'objects/circuit':>15}  type")
for b, c, name in rows[:top]:
    print(f"{b:14.0f} {c:15.1f}  {name}")
