namespace Convergence;

/// <summary>Receives the pairs of a bucket whose sketches pass the screen of <see cref="SignSketch"/> (<c>ScreenPairs</c>).</summary>
/// <remarks>Implemented by structs (often ref structs over the bucket's spans), so the screen is compiled once per sink and the
/// call is direct.</remarks>
internal interface ISketchPairSink
{
    /// <summary>Handles one pair that passed the screen.</summary>
    /// <param name="a">The first member's position in the bucket.</param>
    /// <param name="b">The second member's position in the bucket (greater than <paramref name="a"/>).</param>
    void Accept(int a, int b);
}
