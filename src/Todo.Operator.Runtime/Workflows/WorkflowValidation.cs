namespace Todo.Operator.Runtime.Workflows;

/// <summary>The start-up checks of a workflow's declarations, each failure a sentence naming the members at fault.</summary>
internal static class WorkflowValidation
{
    public static void Check<TMember>(IReadOnlyList<TMember> members)
        where TMember : IWorkflowMember
    {
        if (members.FirstOrDefault(member => string.IsNullOrWhiteSpace(member.Name)) is { } unnamed)
        {
            throw new InvalidWorkflowException($"A workflow member of type {unnamed.GetType().Name} has no name.");
        }

        if (members.GroupBy(member => member.Name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1) is { } twice)
        {
            throw new InvalidWorkflowException($"The workflow declares the member '{twice.Key}' {twice.Count()} times; each member needs a name of its own.");
        }

        var names = members.Select(member => member.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (member.DependsOn.FirstOrDefault(dependency => !names.Contains(dependency.Name)) is { } unknown)
            {
                throw new InvalidWorkflowException(
                    $"'{member.Name}' depends on '{unknown.Name}', which is no member of the workflow (its members: {string.Join(", ", names)}).");
            }

            if (member.DependsOn.GroupBy(dependency => dependency.Name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1) is { } repeated)
            {
                throw new InvalidWorkflowException($"'{member.Name}' declares its dependency on '{repeated.Key}' more than once.");
            }
        }

        if (Cycle(members) is { } cycle)
        {
            throw new InvalidWorkflowException(
                $"The workflow has a cycle: {cycle[0]} depends on {string.Join(", which depends on ", cycle[1..])}; a member cannot come after itself.");
        }
    }

    /// <summary>The first cycle a depth-first walk in declaration order meets, as the names along it, the first repeated at the end.</summary>
    private static List<string>? Cycle<TMember>(IReadOnlyList<TMember> members)
        where TMember : IWorkflowMember
    {
        var byName = members.ToDictionary(member => member.Name, StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string name)
        {
            if (path.IndexOf(name) is var start and >= 0)
            {
                return [.. path[start..], name];
            }

            if (finished.Contains(name))
            {
                return null;
            }

            path.Add(name);
            foreach (var dependency in byName[name].DependsOn)
            {
                if (Visit(dependency.Name) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            finished.Add(name);
            return null;
        }

        return members.Select(member => Visit(member.Name)).FirstOrDefault(cycle => cycle is not null);
    }
}
