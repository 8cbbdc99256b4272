using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Todo.Api;
using Todo.Api.Health;
using Todo.Api.Http;
using Todo.Api.Metrics;
using Todo.Api.Storage;
using Todo.Api.Todos;

var builder = WebApplication.CreateBuilder(args);

// Requests run on the socket thread that read them rather than being handed to the thread pool first: every request
// waits on Redis anyway, and the hand-off (a thread wake-up) cost more than the request's own work (bench/README.md).
// Safe because nothing on the request path blocks a thread.
builder.WebHost.UseSockets(options => options.UnsafePreferInlineScheduling = true);

builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(options => options.IncludeScopes = true);
builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(20));

builder.Services.AddOptions<ApiOptions>()
    .Bind(builder.Configuration.GetSection(ApiOptions.SectionName))
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
builder.Services.AddRedisStorage(builder.Configuration);
builder.Services.AddSingleton<TodoLinks>();
builder.Services.AddTodoMetrics();
builder.Services.AddTodoHealthChecks();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, TodoJsonContext.Default));
builder.Services.AddOpenApi();
builder.Services.AddTodoCors();
builder.Services.AddTrustedProxies();
builder.Services.AddTodoRateLimiter();
builder.Services.AddHostedService<ShutdownDelay>();

var app = builder.Build();

// Connect at start-up rather than on the first request; with Redis down this returns and keeps retrying.
app.Services.GetRequiredService<IConnectionMultiplexer>();

// Before routing, so that the routes match below the prefix an ingress forwards unchanged.
if (app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.PathBase is { Length: > 0 } pathBase)
{
    app.UsePathBase(pathBase);
}

app.UseRouting();
app.UseForwardedHeaders();
app.UseNoSniff();
app.UseUnknownMethodLabel();
// Outside the exception handler, so that the metrics see the final status code of a failed request.
app.UseTodoHttpMetrics();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseManagementPort();
app.UseUnknownMethodRejection();
app.UsePublicHostFilter();
app.UseCors();
app.UseTodoRateLimiter();
app.UseWebPage();

app.MapTodos();
app.MapTodoHealthChecks();
app.MapTodoMetrics();
app.MapOpenApi();

app.Run();
