using Iso.Data.Providers;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.Sqlite
{
    /// <summary>Full-text search of the documents in force: no model change, only the provider's hand-written index
    /// and triggers (SqliteProvider.CreateDocumentSearch). Re-add the calls when migrations are regenerated.</summary>
    [DbContext(typeof(SqliteIsoDbContext))]
    [Migration("20261201080000_DocumentSearch")]
    public partial class DocumentSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            SqliteProvider.CreateDocumentSearch(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            SqliteProvider.DropDocumentSearch(migrationBuilder);
        }
    }
}
