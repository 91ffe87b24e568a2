namespace RelationsPS.Benchmarks;

/// <summary>The hand-written SQL of the raw ADO.NET and Dapper contenders (the schema is the engine's).</summary>
internal static class Sql
{
    public const string PostColumns = "p.id, p.title, p.body, p.views, p.created, p.author_id";

    public const string TaggedPython =
        $"SELECT {PostColumns} FROM post p JOIN post_tags pt ON pt.post_id = p.id JOIN tag t ON t.id = pt.tag_id WHERE t.name = @tag ORDER BY p.id";

    public const string TaggedFilteredTop100 =
        $"SELECT {PostColumns} FROM post p JOIN post_tags pt ON pt.post_id = p.id JOIN tag t ON t.id = pt.tag_id " +
        "WHERE t.name = @tag AND (p.title LIKE @prefix OR p.views > @views) ORDER BY p.views DESC, p.id LIMIT 100";

    /// <summary>
    /// Every tag with its post count. The correlated count reads only the join table's tag_id index per
    /// tag; the join-and-group form (<see cref="CountPerTagJoined"/>, which also drops unused tags) was
    /// slower on the same data (kept for --profile).
    /// </summary>
    public const string CountPerTag =
        "SELECT t.id, t.name, t.slug, (SELECT COUNT(*) FROM post_tags pt WHERE pt.tag_id = t.id) AS post_count FROM tag t ORDER BY t.name";

    public const string CountPerTagJoined =
        "SELECT t.name, COUNT(*) FROM tag t JOIN post_tags pt ON pt.tag_id = t.id GROUP BY t.id ORDER BY t.name";

    public const string ManyTagsRows =
        "SELECT post_id, COUNT(*) AS n FROM post_tags GROUP BY post_id HAVING COUNT(*) > 3 ORDER BY post_id";

    public const string ManyTagsAvg =
        "SELECT AVG(p.views) FROM post p WHERE p.id IN (SELECT post_id FROM post_tags GROUP BY post_id HAVING COUNT(*) > 3)";

    public const string FirstPosts = $"SELECT {PostColumns} FROM post p ORDER BY p.id LIMIT @n";

    public const string TagsOfPost =
        "SELECT t.id, t.name, t.slug FROM post_tags pt JOIN tag t ON t.id = pt.tag_id WHERE pt.post_id = @post ORDER BY t.id";

    public const string TagsOfFirstPosts =
        "SELECT pt.post_id, t.id, t.name, t.slug FROM post_tags pt JOIN tag t ON t.id = pt.tag_id " +
        "WHERE pt.post_id IN (SELECT id FROM post ORDER BY id LIMIT @n)";

    public const string ProfileBio =
        "SELECT u.id, u.user_name FROM \"user\" u JOIN profile pr ON pr.user_id = u.id WHERE pr.bio LIKE @pattern ORDER BY u.id";

    public const string FieldCompare = $"SELECT {PostColumns} FROM post p WHERE p.views > p.id * @k ORDER BY p.id";

    public const string AddLink = "INSERT OR IGNORE INTO post_tags (post_id, tag_id) VALUES (@post, @tag)";

    public const string RemoveLink = "DELETE FROM post_tags WHERE post_id = @post AND tag_id = @tag";

    public const string AllPosts = $"SELECT {PostColumns} FROM post p";

    public const string PythonProjection =
        "SELECT p.id, p.title, p.views FROM post p JOIN post_tags pt ON pt.post_id = p.id JOIN tag t ON t.id = pt.tag_id WHERE t.name = @tag ORDER BY p.id";

    public const string FieldCompareProjection = "SELECT p.id, p.title, p.views FROM post p WHERE p.views > p.id * @k ORDER BY p.id";

    public const string ProfileBioWithProfile =
        "SELECT u.id, u.user_name, pr.id, pr.user_id, pr.bio, pr.website FROM \"user\" u JOIN profile pr ON pr.user_id = u.id WHERE pr.bio LIKE @pattern";

    public const string ManyTagsObjects =
        $"SELECT {PostColumns}, g.n FROM post p JOIN (SELECT post_id, COUNT(*) AS n FROM post_tags GROUP BY post_id HAVING COUNT(*) > 3) g ON g.post_id = p.id ORDER BY p.id";

    public const string InsertTag = "INSERT INTO tag (name, slug) VALUES (@name, @slug)";
    public const string InsertUser = "INSERT INTO \"user\" (user_name) VALUES (@userName)";
    public const string InsertProfile = "INSERT INTO profile (user_id, bio, website) VALUES (@userId, @bio, @website)";
    public const string InsertPost = "INSERT INTO post (title, body, views, created, author_id) VALUES (@title, @body, @views, @created, @authorId)";
    public const string InsertPostTag = "INSERT INTO post_tags (post_id, tag_id) VALUES (@postId, @tagId)";
}
