namespace Convergence;

/// <summary>Disjoint sets with path halving and union by size; cluster labels are the smallest member index, so they are deterministic.</summary>
internal sealed class UnionFind
{
    private readonly int[] _parent;
    private readonly int[] _size;

    public UnionFind(int count)
    {
        _parent = new int[count];
        _size = new int[count];
        for (var i = 0; i < count; i++)
        {
            _parent[i] = i;
            _size[i] = 1;
        }
    }

    public int Count => _parent.Length;

    public int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }

        return x;
    }

    public bool Union(int a, int b)
    {
        var ra = Find(a);
        var rb = Find(b);
        if (ra == rb)
        {
            return false;
        }

        if (_size[ra] < _size[rb])
        {
            (ra, rb) = (rb, ra);
        }

        _parent[rb] = ra;
        _size[ra] += _size[rb];
        return true;
    }

    /// <summary>Returns the clusters as lists of member indices, each sorted, ordered by their smallest member.</summary>
    /// <returns>The clusters.</returns>
    public IReadOnlyList<IReadOnlyList<int>> Clusters()
    {
        // Arrays of exact size (a root's size is its cluster's), filled in index order: no dictionary and no growing lists.
        var n = _parent.Length;
        var slot = new int[n];
        var filled = new int[n];
        var clusters = new List<int[]>();
        for (var i = 0; i < n; i++)
        {
            var root = Find(i);
            if (slot[root] == 0)
            {
                clusters.Add(new int[_size[root]]);
                slot[root] = clusters.Count;
            }

            clusters[slot[root] - 1][filled[root]++] = i;
        }

        return clusters;
    }
}
