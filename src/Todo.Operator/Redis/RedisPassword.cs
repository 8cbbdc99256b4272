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
/// carry so that a new password, and nothing else, rolls the pods (<see cref="ResolvedPassword"/>). Problems a human must fix hold back
/// everything that reads the password and are reported; the value itself is never logged or put in a message.
/// </summary>
internal sealed class RedisPassword : AppStep<ResolvedPassword>
{
    private static readonly ResourceType SecretType = ResourceType.Of<V1Secret>();
    private static readonly ResourceType StatefulSetType = ResourceType.Of<V1StatefulSet>();
    private static readonly ResourceType DeploymentType = ResourceType.Of<V1Deployment>();

    public override string FailureReason => "ReadPasswordFailed";

    public override string Describe(TodoApp app) => "Reading the Redis password Secret";

    /// <summary>
    /// With an existing Secret, whether it holds a usable password; otherwise the generated password, the one
    /// already stored or else a new one. A cache miss is confirmed against the API server first, because
    /// generating on a stale cache would silently rotate the password of a running Redis. Also for an app without a
    /// status: a former leader may have written its Secret and lost the lead before the status, and this process's watch
    /// may not have delivered that Secret yet.
    /// </summary>
    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        var users = await StoredSecretAsync(app, ChildNames.RedisUsersSecret(app), context, cancellationToken);
        if (app.Spec.Redis.PasswordSecretRef is { } reference)
        {
            return await FromExistingSecretAsync(app, reference, users, context, cancellationToken);
        }

        var ns = app.Metadata.NamespaceProperty;
        var name = ChildNames.RedisPasswordSecret(app);
        var stored = await StoredSecretAsync(app, name, context, cancellationToken);
        var startOver = $"To start over with a new password, delete StatefulSet '{ChildNames.Redis(app)}' ({KeepingTheVolume(app)}) and Secret '{name}', "
            + $"then restart the API with 'kubectl rollout restart deployment {ChildNames.TodoApi(app)} -n {ns}'.";
        if (stored is null)
        {
            // A new password while Redis runs with the old one would lock out every API pod started from now on.
            if (MayRunRedis(app, context) && await RedisUsesSecretAsync(app, name, context, cancellationToken))
            {
                return MemberOutcome.Failed(new ReconcileFailure(
                    "PasswordSecretDeleted",
                    $"Secret '{name}' was deleted while Redis still uses the password it held. Restore it from a backup. {startOver}",
                    NeedsAction: true));
            }

            var generated = RedisPasswordRules.Generate();
            return Ready(context, WithUsers(app, context, ResolvedPassword.FromGenerated(generated), generated, users));
        }

        return RedisPasswordSecret.StoredPassword(stored) is { } storedPassword && RedisPasswordRules.IsSupported(Encoding.UTF8.GetBytes(storedPassword))
            ? Ready(context, WithUsers(app, context, ResolvedPassword.FromGenerated(storedPassword), storedPassword, users))
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
    private async Task<MemberOutcome> FromExistingSecretAsync(
        TodoApp app, SecretKeyReference reference, V1Secret? users, StepContext context, CancellationToken cancellationToken)
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
                    ? Ready(context, WithUsers(
                        app, context, ResolvedPassword.FromUsers(value, await VersionKeyAsync(app, context, cancellationToken)), Encoding.UTF8.GetString(value), users))
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
    /// The app's key for the version of the user's password: the one kept in its Secret (a cache miss confirmed against the
    /// API server, as for the generated password: a new key would roll Redis and the API for nothing), else a new one.
    /// </summary>
    private static async Task<byte[]> VersionKeyAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        var stored = await StoredSecretAsync(app, ChildNames.RedisPasswordKeySecret(app), context, cancellationToken);
        return RedisPasswordKeySecret.StoredKey(stored) ?? RedisPasswordRules.NewVersionKey();
    }

    /// <summary>
    /// <paramref name="password"/> with what the users Secret is to hold (<see cref="RedisUsersState"/>), from the Secret as
    /// stored (<paramref name="users"/>: a cache miss confirmed against the API server, as for the generated password) and
    /// the API's Deployment as cached. Losing the Secret is no lock-out: new internal passwords change the server version,
    /// which rolls Redis and the Sentinels onto them together.
    /// </summary>
    private static ResolvedPassword WithUsers(TodoApp app, StepContext context, ResolvedPassword password, string plain, V1Secret? users)
    {
        var api = context.Cached(DeploymentType, app.Metadata.NamespaceProperty, ChildNames.TodoApi(app)) is { } cached ? ObjectCopy.As<V1Deployment>(cached) : null;
        return password.WithUsers(RedisUsersState.Next(app, users, plain, password.Version, api));
    }

    /// <summary>
    /// A Secret the operator writes for the app, from the cache or, on a miss, from the API server: the watch may lag behind
    /// a write of this process or of a former leader, and a value made anew over a stored one rolls or locks out Redis.
    /// </summary>
    private static async Task<V1Secret?> StoredSecretAsync(TodoApp app, string name, StepContext context, CancellationToken cancellationToken) =>
        context.Cached(SecretType, app.Metadata.NamespaceProperty, name) is { } cached
            ? ObjectCopy.As<V1Secret>(cached)
            : await context.Client.GetAsync<V1Secret>(SecretType, app.Metadata.NamespaceProperty, name, cancellationToken);

    /// <summary>
    /// Whether a Redis may run for the app: it has been reported on (the first reconcile always reports), or its StatefulSet
    /// is cached. Without either, a password Secret the API server does not hold was never read by a Redis.
    /// </summary>
    private static bool MayRunRedis(TodoApp app, StepContext context) =>
        app.Status is not null || context.Cached(StatefulSetType, app.Metadata.NamespaceProperty, ChildNames.Redis(app)) is not null;

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
