using System.Reflection;
using System.Text;

namespace Convergence.Tests.PublicApi;

/// <summary>
/// Tracks the public API of the shipped packages: the reflected surface must equal src/&lt;Package&gt;/PublicAPI.txt.
/// After an intended change, regenerate with <c>UPDATE_PUBLIC_API=1 dotnet test --filter PublicApiTests</c> and review the diff.
/// </summary>
public class PublicApiTests
{
    public static TheoryData<string> Packages() => new() { "Convergence", "Convergence.Testing", "Convergence.Providers", "Convergence.Embeddings.Local" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicApi_MatchesTheTrackedListing(string package)
    {
        var assembly = Assembly.Load(package);
        var actual = Describe(assembly);
        var path = Path.Combine(RepositoryRoot(), "src", package, "PublicAPI.txt");

        if (Environment.GetEnvironmentVariable("UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllText(path, actual);
        }

        File.Exists(path).Should().BeTrue($"{path} tracks the public API; create it with UPDATE_PUBLIC_API=1");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        actual.Should().Be(expected, "a public API change must be deliberate: regenerate the listing with UPDATE_PUBLIC_API=1 and review its diff");
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Convergence.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Convergence.sln not found above the test output.");
    }

    private static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            var kind = type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsSubclassOf(typeof(Delegate)) ? "delegate" : "class";
            var modifiers = type.IsAbstract && type.IsSealed ? "static " : type.IsSealed && !type.IsValueType ? "sealed " : type.IsAbstract && !type.IsInterface ? "abstract " : string.Empty;
            var bases = new List<string>();
            if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum) && baseType != typeof(MulticastDelegate))
            {
                bases.Add(Name(baseType));
            }

            bases.AddRange(type.GetInterfaces().Select(Name).Order(StringComparer.Ordinal));
            lines.Add($"{modifiers}{kind} {Name(type)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty)}");

            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(flags))
            {
                if (!member.Name.StartsWith('<') && Describe(type, member) is { } line)
                {
                    lines.Add($"{Name(type)}.{line}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    private static string? Describe(Type type, MemberInfo member)
    {
        static bool Visible(MethodBase? m) => m is not null && (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly);
        switch (member)
        {
            case ConstructorInfo c when Visible(c) && !type.IsSubclassOf(typeof(Delegate)):
                return $"{(c.IsFamily ? "protected " : string.Empty)}.ctor({Parameters(c)})";
            case MethodInfo m when Visible(m) && !m.IsSpecialName:
                var modifier = m.IsStatic ? "static " : m.IsAbstract && !type.IsInterface ? "abstract " : m.IsVirtual && !m.IsFinal && !type.IsInterface ? "virtual " : string.Empty;
                var generic = m.IsGenericMethod ? $"<{string.Join(", ", m.GetGenericArguments().Select(Name))}>" : string.Empty;
                return $"{(m.IsFamily ? "protected " : string.Empty)}{modifier}{m.Name}{generic}({Parameters(m)}) -> {Name(m.ReturnType)}";
            case MethodInfo m when Visible(m) && m.Name.StartsWith("op_", StringComparison.Ordinal):
                return $"operator {m.Name}({Parameters(m)}) -> {Name(m.ReturnType)}";
            case PropertyInfo p when Visible(p.GetMethod) || Visible(p.SetMethod):
                var accessors = (Visible(p.GetMethod) ? "get; " : string.Empty) + (Visible(p.SetMethod) ? (p.SetMethod!.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? "init; " : "set; ") : string.Empty);
                var isStatic = (p.GetMethod ?? p.SetMethod)!.IsStatic ? "static " : string.Empty;
                return $"{isStatic}{p.Name} {{ {accessors}}} -> {Name(p.PropertyType)}";
            case FieldInfo f when f.IsPublic || f.IsFamily:
                return type.IsEnum ? (f.IsStatic ? $"{f.Name} = {f.GetRawConstantValue()}" : null) : $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{f.Name} -> {Name(f.FieldType)}";
            case EventInfo e when Visible(e.AddMethod):
                return $"event {e.Name} -> {Name(e.EventHandlerType!)}";
            case Type nested:
                return null; // listed on its own line
            default:
                return null;
        }
    }

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        $"{(p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : string.Empty)}{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)}"));

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsByRef)
        {
            return "ref " + Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        var name = type.IsNested ? $"{Name(type.DeclaringType!)}.{type.Name}" : $"{type.Namespace}.{type.Name}";
        if (type.IsGenericType)
        {
            name = name[..name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
        }

        return name;
    }
}
