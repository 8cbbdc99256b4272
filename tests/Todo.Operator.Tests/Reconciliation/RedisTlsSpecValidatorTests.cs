using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

public sealed class RedisTlsSpecValidatorTests
{
    [Fact]
    public void Tls_from_the_operators_ca_or_from_a_cert_manager_issuer_is_valid()
    {
        Assert.Empty(SpecValidator.Validate(TestApps.Create(spec => spec.Redis.Tls = new RedisTlsSpec { Enabled = true })));
        Assert.Empty(SpecValidator.Validate(TestApps.Create(spec => spec.Redis.Tls = new RedisTlsSpec
        {
            Enabled = true,
            IssuerRef = new RedisTlsIssuerReference { Name = "redis-ca", Kind = "ClusterIssuer" },
        })));
    }

    [Fact]
    public void An_issuer_for_tls_that_is_off_or_of_no_issuer_kind_is_reported()
    {
        var problems = SpecValidator.Validate(TestApps.Create(spec => spec.Redis.Tls = new RedisTlsSpec
        {
            Enabled = false,
            IssuerRef = new RedisTlsIssuerReference { Name = "Redis CA", Kind = "Certificate" },
        }));

        Assert.Equal(
            [("spec.redis.tls.issuerRef", "InvalidRedisTls"), ("spec.redis.tls.issuerRef.name", "InvalidRedisTlsIssuer"), ("spec.redis.tls.issuerRef.kind", "InvalidRedisTlsIssuer")],
            problems.Select(problem => (problem.Field, problem.Reason)));
    }
}
