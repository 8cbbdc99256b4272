using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>
/// The probe answer as plain text: the overall status, then one line per failing check with its reason, so that
/// <c>kubectl describe pod</c> (the kubelet quotes the body) and a curl show why.
/// </summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.Where(entry => entry.Value.Status is not HealthStatus.Healthy))
        {
            text.Append('\n').Append(name).Append(": ").Append(entry.Description);
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.Append('\n').ToString(), context.RequestAborted);
    }
}
