using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Administration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "SuccessorId",
                table: "Units",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MustChangePassword",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "AgencyNames",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ShortName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgencyNames", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgencyNames_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Units_SuccessorId",
                table: "Units",
                column: "SuccessorId");

            migrationBuilder.CreateIndex(
                name: "IX_AgencyNames_AgencyId_ValidFrom",
                table: "AgencyNames",
                columns: new[] { "AgencyId", "ValidFrom" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Units_Units_SuccessorId",
                table: "Units",
                column: "SuccessorId",
                principalTable: "Units",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Units_Units_SuccessorId",
                table: "Units");

            migrationBuilder.DropTable(
                name: "AgencyNames");

            migrationBuilder.DropIndex(
                name: "IX_Units_SuccessorId",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "SuccessorId",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "MustChangePassword",
                table: "AspNetUsers");
        }
    }
}
