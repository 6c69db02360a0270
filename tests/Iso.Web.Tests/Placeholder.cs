namespace Iso.Web.Tests;
