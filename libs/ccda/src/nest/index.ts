// Nest wrapper of the converter, kept out of the core index so the CLI and benchmarks load no Nest.
export { CcdaModule } from './ccda.module';
export { CcdaService } from './ccda.service';
