using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Tests;

public sealed class OptionalWatchesTests : IDisposable
{
    private static readonly OwnedKind WidgetKind = OwnedKind.Of<Widget>(optional: true);
    private static readonly ResourceCatalog WithoutWidgets = ResourceCatalog.Empty;
    private static readonly ResourceCatalog WithWidgets = new([ResourceType.Of<Widget>()]);

    private readonly InformerCache cache = new(new StubResourceClient(), Options.Create(new OperatorOptions()), TimeProvider.System, NullLoggerFactory.Instance);
    private readonly RecordingController controller = new();
    private readonly OptionalWatches watches;

    public OptionalWatchesTests() =>
        watches = new OptionalWatches([WidgetKind], cache, new InformerScopeDefaults(["team-a"], "app.kubernetes.io/managed-by=todo-operator"), NullLogger.Instance);

    [Fact]
    public void A_kind_the_cluster_does_not_serve_gets_no_informer()
    {
        Assert.Empty(watches.Refresh(WithoutWidgets, controller));

        Assert.Empty(controller.Watched);
        Assert.Throws<InvalidOperationException>(() => cache.List(ResourceType.Of<Widget>()));
    }

    [Fact]
    public void A_kind_served_later_is_watched_in_the_operator_scope_and_unwatched_when_it_goes_away()
    {
        watches.Refresh(WithoutWidgets, controller);

        var added = Assert.Single(watches.Refresh(WithWidgets, controller));
        Assert.Equal(new InformerScope(ResourceType.Of<Widget>(), "team-a", "app.kubernetes.io/managed-by=todo-operator"), added.Scope);
        Assert.Equal([added], controller.Watched);
        Assert.Empty(watches.Refresh(WithWidgets, controller));

        watches.Refresh(WithoutWidgets, controller);
        Assert.Equal([added], controller.Unwatched);
        Assert.Throws<InvalidOperationException>(() => cache.List(ResourceType.Of<Widget>()));
    }

    [Fact]
    public void With_several_watched_namespaces_a_kind_gets_an_informer_in_each()
    {
        var perNamespace = new OptionalWatches(
            [WidgetKind], cache, new InformerScopeDefaults(["team-a", "team-b"], "app.kubernetes.io/managed-by=todo-operator"), NullLogger.Instance);

        var added = perNamespace.Refresh(WithWidgets, controller);

        Assert.Equal(["team-a", "team-b"], added.Select(informer => informer.Scope.Namespace));
        perNamespace.Refresh(WithoutWidgets, controller);
        Assert.Equal(added, controller.Unwatched);
    }

    public void Dispose() => cache.Dispose();

    private sealed class RecordingController : IController
    {
        public List<IInformer> Watched { get; } = [];

        public List<IInformer> Unwatched { get; } = [];

        public string Name => "recording";

        public Task RunWorkersAsync(CancellationToken stopping, CancellationToken shutdown) => Task.CompletedTask;

        public void Watch(IInformer informer) => Watched.Add(informer);

        public void Unwatch(IInformer informer) => Unwatched.Add(informer);
    }
}
