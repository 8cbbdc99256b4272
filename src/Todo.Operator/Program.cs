using Microsoft.Extensions.Options;
using Todo.Operator;
using Todo.Operator.Admission;
using Todo.Operator.Backups;
using Todo.Operator.Crd;
using Todo.Operator.Crd.Conversion;
using Todo.Operator.Generation;
using Todo.Operator.Migration;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Webhooks;

switch (args)
{
    case ["generate", .. var rest] when GenerateFeature.IsSupported:
        return GenerateFeature.Run(rest);
    case ["generate", ..]:
        await Console.Error.WriteLineAsync("generate runs from the JIT build only (dotnet run --project src/Todo.Operator -- generate ...): this Native AOT build leaves it out.");
        return 2;
    case [] or ["run", ..]:
        await RunOperatorAsync(args is ["run", .. var runArgs] ? runArgs : args);
        return 0;
    case ["migrate"]:
        using (var connection = KubernetesConnection.FromDefaultConfig())
        {
            return await StorageMigration.RunAsync(ResourceClientFactory.Create(connection, new OperatorOptions()), Console.Out, CancellationToken.None);
        }

    default:
        await Console.Error.WriteLineAsync($"unknown command '{args[0]}'; usage: Todo.Operator [run | migrate | generate crd|rbac --output <directory>]");
        return 2;
}

static async Task RunOperatorAsync(string[] args)
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Logging.ClearProviders().AddJsonConsole(json => json.UseUtcTimestamp = true);
    // An unready probe is logged as an error; while the caches sync at start-up that is expected, and
    // /readyz (with its reason) is where readiness is reported.
    builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
    builder.Services.AddOperatorRuntime(builder.Configuration);
    builder.Services.AddTodoAppController();
    builder.Services.AddTodoAppBackupController();
    builder.Services.AddWebhookServer(builder.Configuration);
    builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
    var options = builder.Configuration.GetSection(OperatorOptions.Section).Get<OperatorOptions>() ?? new OperatorOptions();
    builder.WebHost.ListenOnOperatorPorts(options);
    builder.WebHost.ListenOnWebhookPort(builder.Configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions());

    var app = builder.Build();
    app.MapOperatorEndpoints(app.Services.GetRequiredService<IOptions<OperatorOptions>>().Value);
    app.MapValidatingWebhook<TodoApp, TodoAppValidator>(TodoAppValidator.Path);
    app.MapConversionWebhook<TodoAppConversion>(TodoAppConversion.Path);
    await app.RunAsync();
}
