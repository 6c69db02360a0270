namespace Iso.Data.Tests;
