using System.Collections;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Oci.Runtime.Spec.Tests;

/// <summary>Sets every property of a model type to a value that is not its default, recursively.</summary>
internal static class ModelFiller
{
    public static T Fill<T>() where T : new()
    {
        var counter = 0;
        return (T)Value(typeof(T), ref counter);
    }

    private static object Value(Type type, ref int counter)
    {
        counter++;
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain == typeof(string)) return $"s{counter}";
        if (plain == typeof(bool)) return true;
        if (plain == typeof(int)) return counter;
        if (plain == typeof(long)) return (long)counter;
        if (plain == typeof(uint)) return (uint)counter;
        if (plain == typeof(ulong)) return (ulong)counter;
        if (plain == typeof(ushort)) return (ushort)counter;
        if (plain.IsGenericType && plain.GetGenericTypeDefinition() == typeof(List<>))
        {
            var list = (IList)Activator.CreateInstance(plain)!;
            list.Add(Value(plain.GetGenericArguments()[0], ref counter));
            list.Add(Value(plain.GetGenericArguments()[0], ref counter));
            return list;
        }
        if (plain.IsGenericType && plain.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var map = (IDictionary)Activator.CreateInstance(plain)!;
            map[$"key{counter}"] = Value(plain.GetGenericArguments()[1], ref counter);
            map[$"a.b{counter}"] = Value(plain.GetGenericArguments()[1], ref counter);
            return map;
        }
        var instance = Activator.CreateInstance(plain)!;
        foreach (var property in plain.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (property.CanWrite && property.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition != JsonIgnoreCondition.Always)
                property.SetValue(instance, Value(property.PropertyType, ref counter));
        return instance;
    }
}
