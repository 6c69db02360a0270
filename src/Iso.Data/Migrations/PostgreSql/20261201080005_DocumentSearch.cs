using Iso.Data.Providers;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.PostgreSql
{
    /// <summary>Full-text search of the documents in force: no model change, only the provider's hand-written index
    /// and triggers (PostgreSqlProvider.CreateDocumentSearch). Re-add the calls when migrations are regenerated.</summary>
    [DbContext(typeof(PostgreSqlIsoDbContext))]
    [Migration("20261201080005_DocumentSearch")]
    public partial class DocumentSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            PostgreSqlProvider.CreateDocumentSearch(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            PostgreSqlProvider.DropDocumentSearch(migrationBuilder);
        }
    }
}
