using Iso.Web.Tests.TestSupport;

// One app (and one seeded SQLite file) for all HTTP tests: start-up with demo data is the slow part.
[assembly: AssemblyFixture(typeof(IsoWebFactory))]
