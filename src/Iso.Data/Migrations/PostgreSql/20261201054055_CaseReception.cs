using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CaseReception : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Code",
                table: "WorkflowCases",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ElectronicCode",
                table: "Agencies",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CaseCodeSequences",
                columns: table => new
                {
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    LastNumber = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseCodeSequences", x => new { x.AgencyId, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "CaseFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    DocumentName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    StoredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StoredById = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseFiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CaseReceptions",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicantName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ApplicantIdNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ApplicantPhone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ApplicantAddress = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    DocumentsJson = table.Column<string>(type: "text", nullable: false),
                    FormVersion = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ReceivedById = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseReceptions", x => x.CaseId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowCases_Code",
                table: "WorkflowCases",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Agencies_ElectronicCode",
                table: "Agencies",
                column: "ElectronicCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseFiles_CaseId",
                table: "CaseFiles",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReceptions_AgencyId",
                table: "CaseReceptions",
                column: "AgencyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseCodeSequences");

            migrationBuilder.DropTable(
                name: "CaseFiles");

            migrationBuilder.DropTable(
                name: "CaseReceptions");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowCases_Code",
                table: "WorkflowCases");

            migrationBuilder.DropIndex(
                name: "IX_Agencies_ElectronicCode",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "Code",
                table: "WorkflowCases");

            migrationBuilder.DropColumn(
                name: "ElectronicCode",
                table: "Agencies");
        }
    }
}
