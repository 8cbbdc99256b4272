using System.Text;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// Finds the Redis password a TodoApp's pods will use: the user's Secret (checked to have opted in, to exist and to hold
/// a usable password), or the generated Secret's, or a new one the first time; and its version, which the pod templates
/// carry so that a new password rolls the pods (<see cref="ResolvedPassword"/>). Problems a human must fix hold back
/// everything that reads the password and are reported; the value itself is never logged or put in a message.
/// </summary>
internal sealed class RedisPassword : AppStep<ResolvedPassword>
{
    private static readonly ResourceType SecretType = ResourceType.Of<V1Secret>();
    private static readonly ResourceType StatefulSetType = ResourceType.Of<V1StatefulSet>();

    public override string FailureReason => "ReadPasswordFailed";

    public override string Describe(TodoApp app) => "Reading the Redis password Secret";

    /// <summary>
    /// With an existing Secret, whether it holds a usable password; otherwise the generated password, the one
    /// already stored or else a new one. A cache miss is confirmed against the API server first, because
    /// generating on a stale cache would silently rotate the password of a running Redis; except for an app that was
    /// never reconciled (<see cref="IsNew"/>), whose first reconcile then reads nothing.
    /// </summary>
    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        if (app.Spec.Redis.PasswordSecretRef is { } reference)
        {
            return FromExistingSecret(app, reference, context);
        }

        var ns = app.Metadata.NamespaceProperty;
        var awaited = context.Service<AwaitedPasswordSecrets>();
        var name = ChildNames.RedisPasswordSecret(app);
        var inCache = context.Cached(SecretType, ns, name) is { } found ? ObjectCopy.As<V1Secret>(found) : null;
        if (inCache is not null)
        {
            awaited.Seen(app.Metadata.Uid);
        }

        var isNew = inCache is null && IsNew(app, context);
        var stored = inCache ?? (isNew ? null : await context.Client.GetAsync<V1Secret>(SecretType, ns, name, cancellationToken));
        var startOver = $"To start over with a new password, delete StatefulSet '{ChildNames.Redis(app)}' ({KeepingTheVolume(app)}) and Secret '{name}', "
            + $"then restart the API with 'kubectl rollout restart deployment {ChildNames.TodoApi(app)} -n {ns}'.";
        if (stored is null)
        {
            // A new password while Redis runs with the old one would lock out every API pod started from now on.
            if (!isNew && await RedisUsesSecretAsync(app, name, context, cancellationToken))
            {
                return MemberOutcome.Failed(new ReconcileFailure(
                    "PasswordSecretDeleted",
                    $"Secret '{name}' was deleted while Redis still uses the password it held. Restore it from a backup. {startOver}",
                    NeedsAction: true));
            }

            awaited.Generated(app.Metadata.Uid);
            return Ready(context, ResolvedPassword.FromGenerated(RedisPasswordRules.Generate()));
        }

        return RedisPasswordSecret.StoredPassword(stored) is { } storedPassword && RedisPasswordRules.IsSupported(Encoding.UTF8.GetBytes(storedPassword))
            ? Ready(context, ResolvedPassword.FromGenerated(storedPassword))
            : MemberOutcome.Failed(new ReconcileFailure(
                "PasswordSecretEmptied",
                $"Secret '{name}' no longer holds a usable password under key '{RedisPasswordRules.GeneratedKey}' (it is empty, or has a double quote, a backslash "
                + $"or a control character). Restore the key. {startOver}",
                NeedsAction: true));
    }

    /// <summary>
    /// Only Secrets labelled as Redis passwords are watched and read: a TodoApp's author must not be able to have the
    /// operator hand any Secret of the namespace to an image of their choosing.
    /// </summary>
    private MemberOutcome FromExistingSecret(TodoApp app, SecretKeyReference reference, StepContext context)
    {
        var ns = app.Metadata.NamespaceProperty;
        var secret = context.Cached(SecretType, ns, reference.Name) is { } cached && RedisPasswordRules.OptedIn(cached)
            ? ObjectCopy.As<V1Secret>(cached)
            : null;
        return secret switch
        {
            null => MemberOutcome.Failed(new ReconcileFailure(
                "PasswordSecretNotFound",
                $"spec.redis.passwordSecretRef names Secret '{reference.Name}', which is not among the Secrets of namespace '{ns}' labelled "
                + $"{RedisPasswordRules.OptInSelector}: create it with that label, or label it (kubectl label secret {reference.Name} -n {ns} "
                + $"{RedisPasswordRules.OptInSelector}) to allow its use as a Redis password, or remove passwordSecretRef to let the operator generate one.")),
            { Data: { } data } when data.TryGetValue(reference.Key, out var value) && value.Length > 0 =>
                RedisPasswordRules.IsSupported(value)
                    ? Ready(context, new ResolvedPassword(RedisPasswordRules.VersionOf(secret)))
                    : MemberOutcome.Failed(new ReconcileFailure(
                        "PasswordNotSupported",
                        $"The password in Secret '{reference.Name}' key '{reference.Key}' contains a double quote, a backslash or a control character, which Redis' config file cannot hold; choose another password.",
                        NeedsAction: true)),
            _ => MemberOutcome.Failed(new ReconcileFailure(
                "PasswordSecretKeyMissing",
                $"Secret '{reference.Name}' has no non-empty key '{reference.Key}'; add it or point spec.redis.passwordSecretRef.key at the key that holds the password.")),
        };
    }

    /// <summary>
    /// An app no reconcile has touched: no status (the first reconcile always reports, also when it fails), no Redis
    /// StatefulSet in the synced cache, and no password generated for it by this process (whose Secret the watch may not
    /// have delivered yet, while the status write's echo is late too). Its generated Secret cannot exist but by a restart
    /// of this process between the Secret's apply and the status write, and then the cache, listed after the restart,
    /// shows it.
    /// </summary>
    private static bool IsNew(TodoApp app, StepContext context) =>
        app.Status is null
        && !context.Service<AwaitedPasswordSecrets>().Awaits(app.Metadata.Uid)
        && context.Cached(StatefulSetType, app.Metadata.NamespaceProperty, ChildNames.Redis(app)) is null;

    private static string KeepingTheVolume(TodoApp app) =>
        app.Spec.Redis.Storage.WhenDeleted is RedisDataRetention.Delete ? "with --cascade=orphan, so its volume and data stay" : "its volume and data stay";

    /// <summary>
    /// Whether the Redis StatefulSet's pods read their password from Secret <paramref name="secretName"/>. A cache miss is
    /// confirmed against the API server too: the StatefulSet's watch may lag behind the Secret's, and deciding on it would
    /// generate a new password for a Redis that runs with the deleted one.
    /// </summary>
    private static async Task<bool> RedisUsesSecretAsync(TodoApp app, string secretName, StepContext context, CancellationToken cancellationToken)
    {
        var ns = app.Metadata.NamespaceProperty;
        var statefulSet = context.Cached(StatefulSetType, ns, ChildNames.Redis(app)) is { } cached
            ? ObjectCopy.As<V1StatefulSet>(cached)
            : await context.Client.GetAsync<V1StatefulSet>(StatefulSetType, ns, ChildNames.Redis(app), cancellationToken);
        return statefulSet?.Spec?.Template?.Spec?.Containers is { } containers
            && containers.SelectMany(container => container.Env ?? []).Any(variable => variable.ValueFrom?.SecretKeyRef?.Name == secretName);
    }
}
