namespace RelationsPS.Benchmarks.Postgres;

/// <summary>
/// The raw Npgsql contender's hand-written SQL: the SQLite contenders' statements (<see cref="Sql"/>)
/// in PostgreSQL's words, with positional parameters (no rewriting of named ones on each call).
/// The tables are the engine's.
/// </summary>
internal static class PgSql
{
    public const string PostColumns = Sql.PostColumns;

    public const string TaggedPython =
        $"SELECT {PostColumns} FROM post p JOIN post_tags pt ON pt.post_id = p.id JOIN tag t ON t.id = pt.tag_id WHERE t.name = $1 ORDER BY p.id";

    // istartswith: ILIKE, PostgreSQL's case-insensitive LIKE (the engine's lookup is case-insensitive too).
    public const string TaggedFilteredTop100 =
        $"SELECT {PostColumns} FROM post p JOIN post_tags pt ON pt.post_id = p.id JOIN tag t ON t.id = pt.tag_id " +
        "WHERE t.name = $1 AND (p.title ILIKE $2 OR p.views > $3) ORDER BY p.views DESC, p.id LIMIT 100";

    /// <summary>
    /// Every tag with its post count (tags without posts count 0): a correlated count per tag, an
    /// index-only scan of the join table's tag_id index each, as on SQLite. Aggregating the join table
    /// once and joining the counts (<see cref="CountPerTagGrouped"/>) was slower here (EXPLAIN ANALYZE
    /// at scale 1.0: 82 vs 61 ms; kept for --postgres --profile).
    /// </summary>
    public const string CountPerTag =
        "SELECT t.id, t.name, t.slug, (SELECT COUNT(*) FROM post_tags pt WHERE pt.tag_id = t.id) AS post_count FROM tag t ORDER BY t.name";

    public const string CountPerTagGrouped =
        "SELECT t.id, t.name, t.slug, COALESCE(c.n, 0) AS post_count FROM tag t LEFT JOIN (SELECT tag_id, COUNT(*) AS n FROM post_tags GROUP BY tag_id) c ON c.tag_id = t.id ORDER BY t.name";

    public const string ManyTagsRows =
        "SELECT post_id, COUNT(*) AS n FROM post_tags GROUP BY post_id HAVING COUNT(*) > 3 ORDER BY post_id";

    public const string ManyTagsAvg =
        "SELECT AVG(p.views)::float8 FROM post p WHERE p.id IN (SELECT post_id FROM post_tags GROUP BY post_id HAVING COUNT(*) > 3)";

    public const string FirstPosts = $"SELECT {PostColumns} FROM post p ORDER BY p.id LIMIT $1";

    public const string TagsOfPost =
        "SELECT t.id, t.name, t.slug FROM post_tags pt JOIN tag t ON t.id = pt.tag_id WHERE pt.post_id = $1 ORDER BY t.id";

    public const string TagsOfFirstPosts =
        "SELECT pt.post_id, t.id, t.name, t.slug FROM post_tags pt JOIN tag t ON t.id = pt.tag_id " +
        "WHERE pt.post_id IN (SELECT id FROM post ORDER BY id LIMIT $1)";

    public const string ProfileBio =
        "SELECT u.id, u.user_name FROM \"user\" u JOIN profile pr ON pr.user_id = u.id WHERE pr.bio ILIKE $1 ORDER BY u.id";

    public const string FieldCompare = $"SELECT {PostColumns} FROM post p WHERE p.views > p.id * $1 ORDER BY p.id";

    // Idempotent under concurrency as the engine's link add is: a pair already there is no error.
    public const string AddLink = "INSERT INTO post_tags (post_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

    public const string RemoveLink = "DELETE FROM post_tags WHERE post_id = $1 AND tag_id = $2";

    public const string AllPosts = $"SELECT {PostColumns} FROM post p";

    public const string PythonProjection =
        "SELECT p.id, p.title, p.views FROM post p JOIN post_tags pt ON pt.post_id = p.id JOIN tag t ON t.id = pt.tag_id WHERE t.name = $1 ORDER BY p.id";

    public const string FieldCompareProjection = "SELECT p.id, p.title, p.views FROM post p WHERE p.views > p.id * $1 ORDER BY p.id";

    // icontains: ILIKE, as in ProfileBio (SQLite's LIKE is case-insensitive for ASCII, PostgreSQL's is not).
    public const string ProfileBioWithProfile =
        "SELECT u.id, u.user_name, pr.id, pr.user_id, pr.bio, pr.website FROM \"user\" u JOIN profile pr ON pr.user_id = u.id WHERE pr.bio ILIKE $1";

    public const string ManyTagsObjects =
        $"SELECT {PostColumns}, g.n FROM post p JOIN (SELECT post_id, COUNT(*) AS n FROM post_tags GROUP BY post_id HAVING COUNT(*) > 3) g ON g.post_id = p.id ORDER BY p.id";
}
