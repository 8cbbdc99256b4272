using k8s.Models;

namespace Todo.Operator.Children;

/// <summary>Kubernetes quantities compared by value: the API server rewrites them into a canonical form ("0.5" → "500m", "1024Mi" → "1Gi").</summary>
internal static class Quantities
{
    /// <summary>Equal as written, or as amounts; a value that is no quantity equals only itself.</summary>
    public static bool Equal(string left, string right)
    {
        if (left == right)
        {
            return true;
        }

        try
        {
            return new ResourceQuantity(left).ToDecimal() == new ResourceQuantity(right).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return false;
        }
    }
}
