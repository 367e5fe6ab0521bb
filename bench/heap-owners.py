#!/usr/bin/env python3
"""Who holds the heap, from an HPROF dump (jcmd <pid> GC.heap_dump, or bench/footprint.sh with
-Dfootprint.heapDump=...): a breadth-first walk from the GC roots gives each object to its nearest "owner", the
first object on its path of a framework or operator class (model objects and JDK collections are not owners), and
sums shallow sizes (16-byte headers, no alignment: a lower bound) by owner and the field that holds it.

  bench/heap-owners.py DUMP [OWNER_PREFIXES|-] [TOP] [OWNER_PREFIX_TO_OPEN]

OWNER_PREFIXES: comma-separated class-name prefixes that make an owner (- for the default list); TOP: how many
owners to print; OWNER_PREFIX_TO_OPEN: also list the classes inside the owners whose label starts with it.
Not a dominator tree: an object reachable two ways counts for whichever the walk met first."""
import mmap, struct, sys, collections

path = sys.argv[1]
f = open(path, 'rb'); m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
end = m.find(b'\0'); pos = end + 1
idsize = struct.unpack_from('>I', m, pos)[0]; pos += 4 + 8
assert idsize == 8
strings = {}; classname = {}
SIZES = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
PRIM = {4: 'boolean', 5: 'char', 6: 'float', 7: 'double', 8: 'byte', 9: 'short', 10: 'int', 11: 'long'}
classes = {}  # id -> (super, [field types], instsize)
objclass = {}  # obj id -> class id or ('arr', name)
shallow = {}
refs = {}
roots = []
U8 = struct.Struct('>Q'); U4 = struct.Struct('>I')
n = len(m)
while pos < n:
    tag = m[pos]; length = U4.unpack_from(m, pos + 5)[0]; body = pos + 9; pos = body + length
    if tag == 0x01:
        sid = U8.unpack_from(m, body)[0]; strings[sid] = m[body + 8:body + length].decode('utf8', 'replace')
    elif tag == 0x02:
        cid = U8.unpack_from(m, body + 4)[0]; nid = U8.unpack_from(m, body + 16)[0]
        classname[cid] = strings.get(nid, '?').replace('/', '.')
    elif tag in (0x0C, 0x1C):
        p = body; e = body + length
        while p < e:
            st = m[p]; p += 1
            if st == 0xFF: roots.append(U8.unpack_from(m, p)[0]); p += 8
            elif st == 0x01: roots.append(U8.unpack_from(m, p)[0]); p += 16
            elif st in (0x02, 0x03): roots.append(U8.unpack_from(m, p)[0]); p += 16
            elif st == 0x04: roots.append(U8.unpack_from(m, p)[0]); p += 12
            elif st == 0x05: roots.append(U8.unpack_from(m, p)[0]); p += 8
            elif st == 0x06: roots.append(U8.unpack_from(m, p)[0]); p += 12
            elif st == 0x07: roots.append(U8.unpack_from(m, p)[0]); p += 8
            elif st == 0x08: roots.append(U8.unpack_from(m, p)[0]); p += 16
            elif st == 0x20:
                cid = U8.unpack_from(m, p)[0]; sup = U8.unpack_from(m, p + 12)[0]
                inst = U4.unpack_from(m, p + 60)[0]; q = p + 64
                cp = struct.unpack_from('>H', m, q)[0]; q += 2
                for _ in range(cp):
                    t = m[q + 2]; q += 3 + SIZES[t]
                ns = struct.unpack_from('>H', m, q)[0]; q += 2
                statics = []
                for _ in range(ns):
                    t = m[q + 8]
                    if t == 2: statics.append(U8.unpack_from(m, q + 9)[0])
                    q += 9 + SIZES[t]
                nf = struct.unpack_from('>H', m, q)[0]; q += 2
                ftypes = []
                for _ in range(nf):
                    ftypes.append((strings.get(U8.unpack_from(m, q)[0], '?'), m[q + 8])); q += 9
                classes[cid] = (sup, ftypes, inst)
                objclass[cid] = ('class', cid); shallow[cid] = 0; refs[cid] = statics
                p = q
            elif st == 0x21:
                oid = U8.unpack_from(m, p)[0]; cid = U8.unpack_from(m, p + 12)[0]; nb = U4.unpack_from(m, p + 20)[0]
                objclass[oid] = cid; shallow[oid] = nb + 16; refs[oid] = (p + 24, cid); p += 24 + nb
            elif st == 0x22:
                oid = U8.unpack_from(m, p)[0]; ne = U4.unpack_from(m, p + 12)[0]; acid = U8.unpack_from(m, p + 16)[0]
                objclass[oid] = ('oarr', acid); shallow[oid] = 16 + 8 * ne
                refs[oid] = list(struct.unpack_from('>%dQ' % ne, m, p + 24)); p += 24 + 8 * ne
            elif st == 0x23:
                oid = U8.unpack_from(m, p)[0]; ne = U4.unpack_from(m, p + 12)[0]; t = m[p + 16]
                objclass[oid] = ('parr', t); shallow[oid] = 16 + SIZES[t] * ne; p += 17 + SIZES[t] * ne
            else:
                raise SystemExit('unknown subtag %x at %d' % (st, p))

def name(o):
    c = objclass.get(o)
    if isinstance(c, tuple):
        if c[0] == 'parr': return PRIM[c[1]] + '[]'
        if c[0] == 'oarr': return classname.get(c[1], '?')
        return 'class ' + classname.get(c[1], '?')
    return classname.get(c, '?')

layout_cache = {}
def layout(cid):
    if cid in layout_cache: return layout_cache[cid]
    out = []; off = 0; c = cid
    while c and c in classes:
        sup, ftypes, _ = classes[c]
        for fname, t in ftypes:
            if t == 2: out.append((off, fname))
            off += SIZES[t]
        c = sup
    layout_cache[cid] = out; return out

def children(o):
    r = refs.get(o)
    if r is None: return []
    if isinstance(r, tuple):
        base, cid = r
        return [(U8.unpack_from(m, base + off)[0], fn) for off, fn in layout(cid)]
    return [(x, '') for x in r]

INTEREST = tuple(sys.argv[2].split(',')) if len(sys.argv) > 2 and sys.argv[2] != '-' else ('io.appstack', 'io.javaoperatorsdk', 'io.fabric8.kubernetes.client', 'io.micrometer', 'io.prometheus', 'io.vertx', 'io.quarkus', 'io.netty', 'org.jboss', 'com.fasterxml', 'io.smallrye', 'java.lang.Thread', 'java.lang.ClassLoader', 'jdk.internal.loader', 'java.lang.invoke', 'class ')
owner = {}  # obj -> owner label
seen = set(); q = collections.deque()
for r in roots:
    if r in objclass and r not in seen:
        seen.add(r); owner[r] = name(r) + ' (root)'; q.append(r)
while q:
    o = q.popleft()
    nm = name(o); own = owner[o]
    for c, fn in children(o):
        if c and c in objclass and c not in seen:
            seen.add(c)
            cn = name(c)
            if cn.startswith(INTEREST) and not cn.startswith('io.fabric8.kubernetes.api.model'):
                owner[c] = cn + ' <- ' + nm.split('.')[-1] + '.' + fn
            else:
                owner[c] = own
            q.append(c)
agg = collections.Counter(); cnt = collections.Counter()
for o, own in owner.items():
    agg[own] += shallow.get(o, 0); cnt[own] += 1
total = sum(shallow.values()); reach = sum(agg.values())
print('objects %d, shallow total %.1f MiB, reachable %.1f MiB' % (len(shallow), total / 2**20, reach / 2**20))
for own, b in agg.most_common(int(sys.argv[3]) if len(sys.argv) > 3 else 40):
    print('%8.2f MiB %8d objs  %s' % (b / 2**20, cnt[own], own))
if len(sys.argv) > 4:
    sel = sys.argv[4]
    by = collections.Counter(); bc = collections.Counter()
    for o, own in owner.items():
        if own.startswith(sel):
            by[name(o)] += shallow.get(o, 0); bc[name(o)] += 1
    print('--- inside', sel)
    for k, b in by.most_common(30):
        print('%8.2f MiB %8d  %s' % (b / 2**20, bc[k], k))
