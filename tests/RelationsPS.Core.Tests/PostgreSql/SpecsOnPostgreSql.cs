using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.PostgreSql;

// The PostgreSQL run of each dialect-sensitive spec class: the same specs, the same expected rows, on a
// real PostgreSQL server (TestDatabases). The field initializer runs before the spec's constructor opens
// its database, so every database the spec opens is a PostgreSQL one.

public sealed class AggregationTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.AggregationTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class BulkWriteTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.BulkWriteTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class CaseSensitivityTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.CaseSensitivityTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class CountOnJoinTableTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.CountOnJoinTableTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class CreateIdsTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.CreateIdsTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class DatePartTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.DatePartTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class ExpressionFunctionTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.ExpressionFunctionTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class ExpressionTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.ExpressionTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class JoinPromotionTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.JoinPromotionTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class LookupTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.LookupTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class MembersByJoinTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.MembersByJoinTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class MultiValuedTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.MultiValuedTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class OrLookupTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.OrLookupTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class OrderingSlicingTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.OrderingSlicingTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class PrefetchTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.PrefetchTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class QueryCountTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.QueryCountTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

[Collection(RelationsPS.Core.Tests.Queries.WholeHeapCollection.Name)]
public sealed class StreamingMemoryTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.StreamingMemoryTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class RowMaterializerTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.RowMaterializerTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class ValueRowTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.ValueRowTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class ValuesListTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.ValuesListTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class StatementCacheTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.StatementCacheTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class BulkCreateUpdateTestsOnPostgreSql : RelationsPS.Core.Tests.QueryApi.BulkCreateUpdateTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class DataTransferTestsOnPostgreSql : RelationsPS.Core.Tests.QueryApi.DataTransferTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class ProjectionTestsOnPostgreSql : RelationsPS.Core.Tests.QueryApi.ProjectionTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class RawSqlTestsOnPostgreSql : RelationsPS.Core.Tests.QueryApi.RawSqlTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class UpsertTestsOnPostgreSql : RelationsPS.Core.Tests.QueryApi.UpsertTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class FieldTypeTestsOnPostgreSql : RelationsPS.Core.Tests.Relations.FieldTypeTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class FieldValidationTestsOnPostgreSql : RelationsPS.Core.Tests.Relations.FieldValidationTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class M2MRecursiveTestsOnPostgreSql : RelationsPS.Core.Tests.Relations.M2MRecursiveTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class M2MThroughTestsOnPostgreSql : RelationsPS.Core.Tests.Relations.M2MThroughTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class ManyToManyTestsOnPostgreSql : RelationsPS.Core.Tests.Relations.ManyToManyTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class ManyToOneTestsOnPostgreSql : RelationsPS.Core.Tests.Relations.ManyToOneTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class SchemaEvolutionTestsOnPostgreSql : RelationsPS.Core.Tests.Relations.SchemaEvolutionTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class OnDeleteTestsOnPostgreSql : RelationsPS.Core.Tests.Relations.OnDeleteTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class OneToOneTestsOnPostgreSql : RelationsPS.Core.Tests.Relations.OneToOneTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class DeepCascadeTestsOnPostgreSql : RelationsPS.Core.Tests.Reliability.DeepCascadeTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }


public sealed class BlogSmokeTestsOnPostgreSql : RelationsPS.Core.Tests.Smoke.BlogSmokeTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class SelectRelatedTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.SelectRelatedTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class AnnotateOnceTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.AnnotateOnceTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class UnorderedTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.UnorderedTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }

public sealed class PinnedJoinTestsOnPostgreSql : RelationsPS.Core.Tests.Queries.PinnedJoinTests { internal readonly bool OnPostgreSql = TestDatabases.UsePostgreSql(); }
