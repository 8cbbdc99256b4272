using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Controllers;

internal sealed class ControllerRegistration<TEntity> : IControllerRegistration
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ControllerBuilder<TEntity> builder = new();
    private (Controller<TEntity> Controller, OptionalWatches Optional)? built;

    public ControllerRegistration(Action<ControllerBuilder<TEntity>> configure) => configure(builder);

    public IReadOnlyList<OwnedKind> Kinds => [.. builder.Owned, .. builder.Read, .. builder.Referenced.Select(watch => watch.Kind)];

    public IController Build(IServiceProvider services, ResourceCatalog served)
    {
        if (built is not null)
        {
            throw new InvalidOperationException($"The controller of {typeof(TEntity).Name} is already built.");
        }

        var options = services.GetRequiredService<IOptions<OperatorOptions>>().Value;
        var cache = services.GetRequiredService<IInformerCache>();
        var defaults = InformerScopeDefaults.From(options);
        var settings = new ControllerSettings(
            builder.Name ?? builder.PrimaryType.Kind.ToLowerInvariant(),
            builder.PrimaryType,
            options.Workers,
            options.ResyncPeriod,
            options.ShutdownGracePeriod,
            Predicates.PrimaryDefault)
        {
            ChildEventDelay = options.ChildEventDelay,
            TerminalErrorRetryDelay = options.TerminalErrorRetryDelay,
        };
        // A read kind's events map to no owner: its informer joins the owned ones only so that workers wait for it.
        var required = builder.Owned
            .Where(kind => !kind.Optional)
            .Concat(builder.Read)
            .SelectMany(kind => defaults.For(served.Require(kind), defaults.ChildLabelSelector).Select(scope => kind.AddInformer(cache, scope)))
            .ToList();
        var referenced = builder.Referenced
            .SelectMany(watch => defaults.For(served.Require(watch.Kind), watch.LabelSelector).Select(scope => (watch.Kind.AddInformer(cache, scope), watch.References)))
            .ToList();
        var optional = new OptionalWatches(
            [.. builder.Owned.Where(kind => kind.Optional)], cache, defaults, services.GetRequiredService<ILogger<OptionalWatches>>());
        var controller = new Controller<TEntity>(
            settings,
            [.. defaults.For(builder.PrimaryType, labelSelector: null).Select(scope => (Informer<TEntity>)cache.GetOrAdd<TEntity>(scope))],
            [.. required, .. optional.Refresh(served, controller: null)],
            services.GetRequiredService<IServiceScopeFactory>(),
            services.GetRequiredService<ILogger<Controller<TEntity>>>(),
            referenced: referenced);
        services.GetService<ReconcileRequests<TEntity>>()?.Connect(controller.Queue);
        built = (controller, optional);
        return controller;
    }

    public void Refresh(ResourceCatalog served)
    {
        if (built is var (controller, optional))
        {
            optional.Refresh(served, controller);
        }
    }
}
