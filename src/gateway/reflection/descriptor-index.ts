// What reflection answers from: the files that declare our services, all their imports, and every symbol and
// extension in them, indexed by name. Built once from the generated descriptors (protobuf-es keeps each file's
// FileDescriptorProto), so `buf curl --reflect` and grpcurl need no .proto files.
import { toBinary, type DescFile, type DescService } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

export interface DescriptorIndex {
  serviceNames: string[];
  fileByName(name: string): DescFile | undefined;
  fileBySymbol(symbol: string): DescFile | undefined;
  fileByExtension(extendee: string, number: number): DescFile | undefined;
  extensionNumbers(extendee: string): number[] | undefined;
  /** The file, serialized, followed by all files it imports directly or indirectly. */
  serialize(file: DescFile): Uint8Array[];
}

export function createDescriptorIndex(services: readonly DescService[]): DescriptorIndex {
  const files = new Map<string, DescFile>();
  const visit = (file: DescFile) => {
    if (files.has(file.proto.name)) return;
    files.set(file.proto.name, file);
    file.dependencies.forEach(visit);
  };
  services.forEach((service) => visit(service.file));

  const symbols = new Map<string, DescFile>();
  const extensions = new Map<string, Map<number, DescFile>>();
  const messageNames = new Set<string>();
  for (const file of files.values()) {
    for (const type of nestedTypes(file)) {
      symbols.set(type.typeName, file);
      if (type.kind === "service") for (const method of type.methods) symbols.set(`${type.typeName}.${method.name}`, file);
      if (type.kind === "message") messageNames.add(type.typeName);
      if (type.kind === "extension") {
        const byNumber = extensions.get(type.extendee.typeName) ?? new Map<number, DescFile>();
        byNumber.set(type.number, file);
        extensions.set(type.extendee.typeName, byNumber);
      }
    }
  }

  return {
    serviceNames: services.map((s) => s.typeName),
    fileByName: (name) => files.get(name),
    fileBySymbol: (symbol) => symbols.get(symbol.replace(/^\./, "")),
    fileByExtension: (extendee, number) => extensions.get(extendee.replace(/^\./, ""))?.get(number),
    extensionNumbers: (extendee) => {
      const name = extendee.replace(/^\./, "");
      if (!messageNames.has(name)) return undefined;
      return [...(extensions.get(name)?.keys() ?? [])].sort((a, b) => a - b);
    },
    serialize(file) {
      const out: DescFile[] = [];
      const seen = new Set<string>();
      const add = (f: DescFile) => {
        if (seen.has(f.proto.name)) return;
        seen.add(f.proto.name);
        out.push(f);
        f.dependencies.forEach(add);
      };
      add(file);
      return out.map((f) => toBinary(FileDescriptorProtoSchema, f.proto));
    },
  };
}
